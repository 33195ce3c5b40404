import type { PostgresJobQueue } from '../adapters/postgres/job-queue';
import type { ExecutionStarter } from '../bot/execution-runner';
import { findOperation } from '../domain/operations/catalog';
import type { Logger } from '../logging/logger';
import type { Store } from '../ports/store';

/**
 * The bot's side of execution in scale-out mode. The job was queued in the same transaction that approved the
 * request (so a replica dying here loses nothing); starting it means waking the workers serving its target now
 * rather than at their next poll.
 */
export class QueuedExecution implements ExecutionStarter {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: { queue: PostgresJobQueue; store: Store; logger: Logger }) {}

  start(requestId: number): void {
    this.later(`wake workers for request #${requestId}`, () => this.nudge(requestId));
  }

  later(name: string, task: () => Promise<void>): void {
    const run = task()
      .catch((error) => this.deps.logger.error('background work failed', { task: name, error: String(error) }))
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async nudge(requestId: number): Promise<void> {
    try {
      const request = await this.deps.store.getRequest(requestId);
      const target = (request && findOperation(request.operation)?.target) ?? 'teams';
      await this.deps.queue.nudge(target);
    } catch (error) {
      // Workers poll as well; a lost nudge only delays the job by one poll interval.
      this.deps.logger.warn('could not wake the workers', { requestId, error: String(error) });
    }
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
