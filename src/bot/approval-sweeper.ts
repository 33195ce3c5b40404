import type { Logger } from '../logging/logger';
import type { RequestService } from '../domain/requests/request-service';
import type { Announcements } from './execution-runner';
import type { RequestNotifier } from './request-notifier';

/**
 * Closes expired requests, reminds approvers of those about to expire, and posts again an approval card that never
 * reached them. Time comes from the injected clock of RequestService, so tests move time instead of waiting; in the
 * app a timer calls sweep(). It also runs at start, so requests that expired while the bot was down close straight away.
 */
export class ApprovalSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(private readonly deps: { requests: RequestService; notifier: RequestNotifier; announcements: Announcements; logger: Logger }) {}

  /** One pass; overlapping calls share the pass in progress. */
  sweep(): Promise<void> {
    this.sweeping ??= this.pass().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async pass(): Promise<void> {
    // Each expiry is in the outbox with its audit record; a refused send is tried again from there.
    if ((await this.deps.requests.expireDue()).length > 0) await this.tolerant('expiry announcements', () => this.deps.announcements.announceDue());
    // So is each reminder: recorded once, then sent (and sent again while Teams refuses it) from the outbox.
    if ((await this.deps.requests.remindDue()).length > 0) await this.tolerant('reminders', () => this.deps.announcements.announceDue());
    // A card that never reached the approvers is posted again; the requester, who may have been told it failed, hears it went.
    for (const request of await this.deps.requests.unseenByApprovers()) {
      await this.tolerant(`approval card of #${request.id}`, async () => {
        await this.deps.notifier.postApprovalCard(request);
        await this.deps.notifier.tellApproversReached(request);
      });
    }
  }

  // The state change is already committed and audited; a failed Teams call must not stop the others.
  private async tolerant(what: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.deps.logger.warn('approval sweep notification failed', { what, error: String(error) });
    }
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error) => this.deps.logger.error('approval sweep failed', { error: String(error) }));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }
}
