import type { BulkProgress } from '../domain/bulk/bulk-execution';
import type { VoiceRequest } from '../domain/requests/request';
import type { Logger } from '../logging/logger';

export const PROGRESS_TEXT = {
  running: (p: BulkProgress) => `Running: ${p.done} of ${p.total} rows done (${p.changed} changed, ${p.noChange} no change needed, ${p.failed} failed).`,
};

/**
 * Latest progress of each running bulk request, and its card updated in place at most once per interval
 * (Teams allows a few sends a second per conversation; a thousand rows must not mean a thousand updates).
 */
export class BulkProgressBoard {
  private readonly latest = new Map<number, BulkProgress>();
  private readonly lastPublished = new Map<number, number>();
  private readonly inFlight = new Map<number, Promise<void>>();

  constructor(
    private readonly deps: {
      intervalMs: number;
      now: () => number;
      publish: (request: VoiceRequest, text: string) => Promise<void>;
      logger: Logger;
    },
  ) {}

  update(request: VoiceRequest, progress: BulkProgress): void {
    this.latest.set(request.id, progress);
    const now = this.deps.now();
    const last = this.lastPublished.get(request.id);
    if (this.inFlight.has(request.id) || (last !== undefined && now - last < this.deps.intervalMs)) return;
    this.lastPublished.set(request.id, now);
    const publishing = this.deps
      .publish(request, PROGRESS_TEXT.running(progress))
      .catch((error) => this.deps.logger.warn('bulk progress update failed', { requestId: request.id, error: String(error) }))
      .finally(() => this.inFlight.delete(request.id));
    this.inFlight.set(request.id, publishing);
  }

  /** The progress line of a running bulk request, for `status N`. */
  progressText(requestId: number): string | undefined {
    const progress = this.latest.get(requestId);
    return progress ? PROGRESS_TEXT.running(progress) : undefined;
  }

  /** Waits for an update still on its way, so the final card is never overwritten by a late progress one. */
  async settle(requestId: number): Promise<void> {
    await this.inFlight.get(requestId);
    this.latest.delete(requestId);
    this.lastPublished.delete(requestId);
  }
}
