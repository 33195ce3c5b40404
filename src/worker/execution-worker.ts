import type { Client } from 'pg';
import type { ClaimedJob, PostgresJobQueue } from '../adapters/postgres/job-queue';
import { FencedWriteError, JOBS_CHANNEL, type PostgresStore } from '../adapters/postgres/postgres-store';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import { RequestService, SYSTEM_ACTOR } from '../domain/requests/request-service';
import type { Logger } from '../logging/logger';
import type { Executor } from '../ports/executor';
import { Reconciler } from './reconciler';

export interface ExecutionWorkerOptions {
  workerId: string;
  /** Operation targets this worker serves, e.g. ['teams'] or ['exchange']. */
  targets: readonly string[];
  /** A claim lasts this long unless renewed; renewed every third of it. */
  leaseMs: number;
  /** Poll interval when no notification arrives. */
  pollMs: number;
  /** Wait this long after a lease expired before reading back, so a cut-off worker's pwsh call has timed out. */
  settleMs: number;
  /** Jobs run at once (the pwsh pool size is a good value). */
  concurrency: number;
}

export interface ExecutionWorkerDeps {
  store: PostgresStore;
  queue: PostgresJobQueue;
  executor: Executor;
  policy: ApprovalPolicy;
  tenantId: string;
  logger: Logger;
  /** A dedicated connection for LISTEN; optional, polling alone also works. */
  listener?: Client;
}

/**
 * `voiceops worker`: claims queued jobs for its targets, runs each once in its own pwsh pool under a renewed
 * lease, and settles jobs whose worker vanished by reading back (never by running again).
 */
export class ExecutionWorker {
  private readonly running = new Set<Promise<void>>();
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private readonly workerName: string;

  constructor(private readonly deps: ExecutionWorkerDeps, private readonly options: ExecutionWorkerOptions) {
    this.workerName = `voiceops worker ${options.workerId}`;
  }

  async start(): Promise<void> {
    if (this.deps.listener) {
      this.deps.listener.on('notification', (message) => {
        if (message.payload && this.options.targets.includes(message.payload)) this.wake?.();
      });
      await this.deps.listener.query(`LISTEN ${JOBS_CHANNEL}`);
    }
    this.loop = this.run();
  }

  /** Stops claiming and waits for the jobs in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.tick();
      } catch (error) {
        this.deps.logger.error('worker tick failed', { workerId: this.options.workerId, error: String(error) });
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** One round: expire dead leases, then fill free slots with reconciliations first and new jobs after. */
  async tick(): Promise<void> {
    const expired = await this.deps.queue.expireLeases();
    for (const job of expired) {
      this.deps.logger.warn('job lease expired while started; it is now unknown and will be read back, not re-run', {
        jobId: job.id,
        requestId: job.requestId,
      });
    }
    const { workerId, targets, leaseMs, settleMs, concurrency } = this.options;
    while (!this.stopped && this.running.size < concurrency) {
      const unknown = await this.deps.queue.claimUnknown(workerId, targets, leaseMs, settleMs);
      if (unknown) {
        this.hold(unknown, () => this.reconcile(unknown));
        continue;
      }
      const job = await this.deps.queue.claimNext(workerId, targets, leaseMs);
      if (!job) return;
      this.hold(job, () => this.execute(job));
    }
  }

  // Runs `work` while renewing the lease; a lost lease is only logged: the fence already makes our writes void.
  private hold(job: ClaimedJob, work: () => Promise<void>): void {
    const renewal = setInterval(() => {
      this.deps.queue.renew(job, this.options.leaseMs).then(
        (held) => {
          if (!held) this.deps.logger.warn('job lease lost; this worker\'s results for it will be discarded', { jobId: job.id });
        },
        (error) => this.deps.logger.warn('job lease renewal failed', { jobId: job.id, error: String(error) }),
      );
    }, Math.max(50, Math.floor(this.options.leaseMs / 3)));
    const done = work()
      .catch((error) => {
        if (error instanceof FencedWriteError) {
          this.deps.logger.warn('result discarded: the job was fenced off after its lease expired', { jobId: job.id, fence: job.fence });
        } else {
          // The job stays started; its lease runs out and the reconciler reads back what happened.
          this.deps.logger.error('job failed in the worker', { jobId: job.id, error: String(error) });
        }
      })
      .finally(() => {
        clearInterval(renewal);
        this.running.delete(done);
        this.wake?.();
      });
    this.running.add(done);
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const requests = new RequestService({
      store: this.deps.store.fencedBy(job),
      executor: this.deps.executor,
      policy: this.deps.policy,
      tenantId: this.deps.tenantId,
      // A bulk job's rows share the worker's pool, as many at once as it has sessions (other jobs queue with them).
      bulk: { concurrency: this.options.concurrency },
    });
    const finished = await requests.execute(job.requestId, { objectId: SYSTEM_ACTOR.objectId, name: this.workerName });
    await this.deps.queue.finish(job, finished.state === 'unknown' ? 'needs-human' : 'done', finished.state);
    this.deps.logger.info('job finished', { jobId: job.id, requestId: job.requestId, state: finished.state });
  }

  private async reconcile(job: ClaimedJob): Promise<void> {
    const reconciler = new Reconciler({ store: this.deps.store, queue: this.deps.queue, executor: this.deps.executor, workerName: this.workerName });
    const settled = await reconciler.reconcile(job);
    this.deps.logger.info('job reconciled', { jobId: job.id, requestId: job.requestId, settled });
  }
}
