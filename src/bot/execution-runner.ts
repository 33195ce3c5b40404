import type { Logger } from '../logging/logger';
import type { RequestService } from '../domain/requests/request-service';
import type { RequestNotifier } from './request-notifier';

/** Announces what the outbox holds now (src/bot/result-announcer.ts), resolving once that is done or put back. */
export interface Announcements {
  announceDue(): Promise<unknown>;
}

/** What a decision needs to set an approved request going, in-process or through the job queue. */
export interface ExecutionStarter {
  start(requestId: number): void;
  /** Runs a task in the background; a failure is logged, never thrown at the caller who has already answered. */
  later(name: string, task: () => Promise<void>): void;
  /** Resolves when everything started so far is handed off or finished. */
  drain(): Promise<void>;
}

/**
 * Runs approved requests, and any slow follow-up (card updates), after the invoke has been answered:
 * Teams waits only a few seconds for it. Keeps track of the work so shutdown (and tests) can wait for it.
 */
export class ExecutionRunner implements ExecutionStarter {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: { requests: RequestService; notifier: RequestNotifier; announcements: Announcements; logger: Logger }) {}

  start(requestId: number): void {
    this.later(`execute request #${requestId}`, async () => {
      // First take the decision buttons off every copy, then run; one task keeps the updates in order.
      const approved = (await this.deps.requests.status(requestId)).request;
      await this.deps.notifier.refreshCards(approved).catch((error) =>
        this.deps.logger.warn('card update before the run failed', { requestId, error: String(error) }),
      );
      // The final state is in the outbox with the change's audit record; announce it now rather than at the next poll.
      await this.deps.requests.execute(requestId);
      await this.deps.announcements.announceDue();
    });
  }

  /**
   * At start: what the previous process left unfinished. An approved request that never started runs now, as it
   * would have; one it left running is read back and settled, never run again (its change may have landed).
   */
  async resumeUnfinished(): Promise<void> {
    // Outcomes the previous process had not finished announcing go out too.
    this.later('announce what the previous process left', async () => {
      await this.deps.announcements.announceDue();
    });
    const unfinished = await this.deps.requests.unfinishedRuns();
    if (unfinished.length === 0) return;
    this.deps.logger.warn('resuming requests the previous process left unfinished', {
      approved: unfinished.filter((r) => r.state === 'approved').map((r) => r.id),
      running: unfinished.filter((r) => r.state === 'running').map((r) => r.id),
    });
    for (const request of unfinished) {
      if (request.state === 'approved') {
        this.start(request.id);
        continue;
      }
      this.later(`settle interrupted request #${request.id}`, async () => {
        await this.deps.requests.settleInterrupted(request.id);
        await this.deps.announcements.announceDue();
      });
    }
  }

  /** Runs a task in the background; a failure is logged, never thrown at the caller who has already answered. */
  later(name: string, task: () => Promise<void>): void {
    const run = task()
      .catch((error) => this.deps.logger.error('background work failed', { task: name, error: String(error) }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Resolves when every run started so far has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
