import type { Logger } from '../logging/logger';
import type { AnnouncementClaim, AnnouncementOutbox, AnnouncementPart, Store } from '../ports/store';
import { FINAL_STATES, type VoiceRequest } from '../domain/requests/request';
import type { RequestNotifier } from './request-notifier';

export interface AnnouncementTiming {
  /** How often the outbox is looked at for announcements nobody made (a process died, a send was refused). */
  intervalMs: number;
  /** How long a claim is its holder's alone; past it, another announcer (or a restarted bot) may take it over. */
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
 * What each state announces. A final state: its cards and the requester (a cancellation was the requester's own doing;
 * an unknown outcome also needs a person). A pending request is due a reminder to its approvers; one decided since
 * (approved, queued, running) has nothing to announce until it ends.
 */
function partsFor(request: VoiceRequest): AnnouncementPart[] {
  if (request.state === 'pending') return ['reminder'];
  if (!FINAL_STATES.includes(request.state)) return [];
  if (request.state === 'cancelled') return ['cards'];
  if (request.state === 'unknown') return ['cards', 'requester', 'approvers'];
  return ['cards', 'requester'];
}

/**
 * Announces finished requests from the store's outbox: card copies updated, the requester told, and for an outcome
 * nobody could confirm a card to the approvers; and reminds approvers of a request about to expire. The state change
 * (or the reminder's record) made the announcement due in its own transaction;
 * here it is claimed (leased), each part is sent and recorded, and what failed is tried again later with a growing
 * wait, by this process or, after the lease, another one. A bot killed before announcing, or Teams refusing a send,
 * loses nothing: at least once for the part in flight, never lost, and the parts already sent are not repeated.
 */
export class ResultAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private passes = 0;

  constructor(
    private readonly deps: {
      outbox: AnnouncementOutbox;
      store: Pick<Store, 'getRequest'>;
      notifier: RequestNotifier;
      logger: Logger;
      /** Waits for anything that must reach the cards before the outcome does (a bulk run's last progress update). */
      beforeCards?: (requestId: number) => Promise<void>;
    },
    private readonly timing: AnnouncementTiming = ANNOUNCEMENT_TIMING,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      // A poll finding a pass still at work (Teams paces sends) leaves it be rather than queue behind it.
      if (this.passes > 0) return;
      this.announceDue().catch((error) => this.deps.logger.error('announcing requests failed', { error: String(error) }));
    }, this.timing.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current.catch(() => undefined);
  }

  /**
   * Announces what is due now, after any pass in progress: when it resolves, every announcement that was due when
   * it was called has been made or put back for a retry. Called right after a request ends, so the outcome does
   * not wait for the next poll.
   */
  announceDue(): Promise<number> {
    this.passes += 1;
    const pass = this.current
      .catch(() => undefined)
      .then(() => this.announceBatch())
      .finally(() => (this.passes -= 1));
    this.current = pass;
    return pass;
  }

  /**
   * Announces up to 20 due requests, claiming each just before sending it, so a lease is never spent waiting behind
   * the others (Teams paces sends per conversation). Returns how many it claimed.
   */
  private async announceBatch(): Promise<number> {
    let claimed = 0;
    for (; claimed < 20; claimed += 1) {
      const [claim] = await this.deps.outbox.claimAnnouncements(1, this.timing.leaseMs);
      if (!claim) break;
      await this.announce(claim);
    }
    return claimed;
  }

  private async announce(claim: AnnouncementClaim): Promise<void> {
    const about = { requestId: claim.requestId, attempt: claim.attempt };
    const request = await this.deps.store.getRequest(claim.requestId);
    if (!request || claim.attempt > this.timing.maxAttempts) {
      this.deps.logger.error('gave up announcing a request', { ...about, reason: request ? 'too many failed attempts' : 'request missing' });
      await this.deps.outbox.finishAnnouncement(claim);
      return;
    }
    const send: Record<AnnouncementPart, () => Promise<void>> = {
      cards: async () => {
        await this.deps.beforeCards?.(request.id);
        await this.deps.notifier.refreshCards(request);
      },
      requester: () => this.deps.notifier.tellRequester(request),
      approvers: () => this.deps.notifier.askApproversToCheck(request),
      reminder: () => this.deps.notifier.remind(request),
    };
    // Each part on its own: a card Teams refuses must not keep the requester from being told.
    const failed: { part: AnnouncementPart; error: string }[] = [];
    for (const part of partsFor(request)) {
      if (claim.partsDone.includes(part)) continue;
      try {
        await send[part]();
        await this.deps.outbox.announcedPart(claim, part);
      } catch (error) {
        failed.push({ part, error: String(error) });
      }
    }
    if (failed.length === 0) {
      await this.deps.outbox.finishAnnouncement(claim);
      return;
    }
    const delayMs = Math.min(this.timing.retryDelayMs * 2 ** (claim.attempt - 1), this.timing.maxRetryDelayMs);
    this.deps.logger.warn('announcing a request failed; it is tried again', { ...about, retryInMs: delayMs, failed });
    await this.deps.outbox.retryAnnouncementAfter(claim, delayMs);
  }
}
