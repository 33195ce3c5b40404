import type { Logger } from '../logging/logger';
import type { RequestService } from '../domain/requests/request-service';
import type { RequestNotifier } from './request-notifier';

/** What a decision needs to set an approved request going, in-process or through the job queue. */
export interface ExecutionStarter {
  start(requestId: number): void;
  /** Resolves when everything started so far is handed off or finished. */
  drain(): Promise<void>;
}

/**
 * Runs approved requests after the invoke has been answered (Teams waits only a few seconds for it),
 * then updates the cards and tells the requester. Keeps track of runs so shutdown can wait for them.
 */
export class ExecutionRunner implements ExecutionStarter {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: { requests: RequestService; notifier: RequestNotifier; logger: Logger }) {}

  start(requestId: number): void {
    const run = this.run(requestId).finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async run(requestId: number): Promise<void> {
    try {
      const finished = await this.deps.requests.execute(requestId);
      await this.deps.notifier.refreshCards(finished);
      await this.deps.notifier.tellRequester(finished);
    } catch (error) {
      this.deps.logger.error('execution of an approved request failed', { requestId, error: String(error) });
    }
  }

  /** Resolves when every run started so far has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
