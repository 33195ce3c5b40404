import { requestCard, resultMessage } from '../cards/request-view';
import type { PostgresJobQueue } from '../adapters/postgres/job-queue';
import type { RequestNotifier } from '../bot/request-notifier';
import type { Messenger } from '../bot/messenger';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { RequestService } from '../domain/requests/request-service';
import type { Logger } from '../logging/logger';
import type { Store } from '../ports/store';

/**
 * In scale-out mode workers cannot reach Teams, so bot replicas announce finished jobs: card copies updated,
 * the requester told, and for an outcome nobody could confirm a card to the approvers. Each finished job is
 * claimed by exactly one replica (at most once: a replica dying mid-announcement leaves that one unsent).
 */
export class ResultAnnouncer {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      queue: PostgresJobQueue;
      store: Store;
      notifier: RequestNotifier;
      messenger: Messenger;
      requests: RequestService;
      policy: ApprovalPolicy;
      logger: Logger;
    },
    private readonly intervalMs: number,
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
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }

  /** Announces up to 20 finished jobs; returns how many it took. */
  async announceBatch(): Promise<number> {
    const jobs = await this.deps.queue.claimAnnouncements(20);
    for (const job of jobs) {
      const request = await this.deps.store.getRequest(job.requestId);
      if (!request) continue;
      try {
        await this.deps.notifier.refreshCards(request);
        await this.deps.notifier.tellRequester(request);
        if (job.state === 'needs-human') {
          const operation = this.deps.requests.operationOf(request);
          const t = await this.deps.notifier.approversTranslator(request);
          const text = t.t('notify.needsPerson', { id: String(request.id), command: request.preview, result: resultMessage(t, request) ?? '' });
          await this.deps.messenger.send(
            this.deps.policy.approvalConversation(request.originConversationId),
            text.trim(),
            requestCard(t, request, operation, await this.deps.store.votes(request.id), { view: 'shared' }),
          );
        }
      } catch (error) {
        this.deps.logger.error('announcing a finished job failed', { jobId: job.id, requestId: job.requestId, error: String(error) });
      }
    }
    return jobs.length;
  }
}
