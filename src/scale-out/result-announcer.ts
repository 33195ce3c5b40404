import type { AnnouncementClaim, PostgresJobQueue } from '../adapters/postgres/job-queue';
import type { RequestNotifier } from '../bot/request-notifier';
import type { Logger } from '../logging/logger';
import type { Store } from '../ports/store';

/** Parts of an announcement, each sent once and recorded as sent (a retry skips the parts already done). */
type AnnouncementPart = 'cards' | 'requester' | 'approvers';

export interface AnnouncementTiming {
  /** How often a replica looks for finished jobs. */
  intervalMs: number;
  /** How long a claim is its replica's alone; past it, another replica may take the announcement over. */
  leaseMs: number;
  /** First wait before a failed announcement is tried again; doubled each attempt, up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Attempts before an announcement is given up (logged as an error; `status N` still shows the result). */
  maxAttempts: number;
}

export const ANNOUNCEMENT_TIMING: AnnouncementTiming = {
  intervalMs: 300,
  leaseMs: 60_000,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 300_000,
  maxAttempts: 10,
};

/**
 * In scale-out mode workers cannot reach Teams, so bot replicas announce finished jobs: card copies updated,
 * the requester told, and for an outcome nobody could confirm a card to the approvers. Each finished job is leased
 * to one replica at a time. If that replica dies, or Teams refuses a send, the announcement is claimed again later
 * (by any replica) and only the parts not yet sent go out: at least once for the part in flight, never lost.
 */
export class ResultAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      queue: PostgresJobQueue;
      store: Store;
      notifier: RequestNotifier;
      logger: Logger;
    },
    private readonly timing: AnnouncementTiming = ANNOUNCEMENT_TIMING,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.current = this.current
        .then(async () => {
          await this.announceBatch();
        })
        .catch((error) => {
          this.deps.logger.error('announcing finished jobs failed', { error: String(error) });
        });
    }, this.timing.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }

  /**
   * Announces up to 20 finished jobs, claiming each just before sending it, so a lease is never spent waiting behind
   * the others (Teams paces sends per conversation). Returns how many it claimed.
   */
  async announceBatch(): Promise<number> {
    let claimed = 0;
    for (; claimed < 20; claimed += 1) {
      const [claim] = await this.deps.queue.claimAnnouncements(1, this.timing.leaseMs);
      if (!claim) break;
      await this.announce(claim);
    }
    return claimed;
  }

  private async announce(claim: AnnouncementClaim): Promise<void> {
    const about = { jobId: claim.id, requestId: claim.requestId, attempt: claim.attempt };
    const request = await this.deps.store.getRequest(claim.requestId);
    if (!request || claim.attempt > this.timing.maxAttempts) {
      this.deps.logger.error('gave up announcing a finished job', { ...about, reason: request ? 'too many failed attempts' : 'request missing' });
      await this.deps.queue.finishAnnouncement(claim);
      return;
    }
    const parts: [AnnouncementPart, () => Promise<void>][] = [
      ['cards', () => this.deps.notifier.refreshCards(request)],
      ['requester', () => this.deps.notifier.tellRequester(request)],
    ];
    if (claim.state === 'needs-human') parts.push(['approvers', () => this.deps.notifier.askApproversToCheck(request)]);
    // Each part on its own: a card Teams refuses must not keep the requester from being told.
    const failed: { part: AnnouncementPart; error: string }[] = [];
    for (const [part, send] of parts) {
      if (claim.partsDone.includes(part)) continue;
      try {
        await send();
        await this.deps.queue.announcedPart(claim, part);
      } catch (error) {
        failed.push({ part, error: String(error) });
      }
    }
    if (failed.length === 0) {
      await this.deps.queue.finishAnnouncement(claim);
      return;
    }
    const delayMs = Math.min(this.timing.retryDelayMs * 2 ** (claim.attempt - 1), this.timing.maxRetryDelayMs);
    this.deps.logger.warn('announcing a finished job failed; it is tried again', { ...about, retryInMs: delayMs, failed });
    await this.deps.queue.retryAnnouncementAfter(claim, delayMs);
  }
}
