import { PostgresJobQueue } from '../adapters/postgres/job-queue';
import { PostgresStore } from '../adapters/postgres/postgres-store';
import type { ExecutionStarter } from '../bot/execution-runner';
import type { Config } from '../config/read-config';
import type { Logger } from '../logging/logger';
import { ClusterLeader } from './cluster-leader';
import { QueuedExecution } from './queued-execution';
import { hmacKeyForBot } from '../audit/audit-keys';
import { sensitiveValueProtector } from '../audit/sensitive-values';

/** Session advisory-lock key of the replica that runs the cluster timers. */
export const CLUSTER_TIMERS_LOCK = 7_100_002;

export interface BackgroundTasks {
  start(): void;
  stop(): Promise<void>;
}

/** What a bot replica uses instead of the embedded parts when DATABASE_URL is set. */
export interface ScaleOut {
  store: PostgresStore;
  queue: PostgresJobQueue;
  execution(logger: Logger): ExecutionStarter;
  background(deps: {
    logger: Logger;
    /** Cluster-wide timers (approval expiry, reminders): run on the leader replica only. */
    timers: readonly { name: string; run: () => Promise<void>; everyMs: number }[];
  }): BackgroundTasks;
}

export async function openScaleOut(config: Config, timing = { leaderMs: 1000 }): Promise<ScaleOut> {
  const connectionString = config.databaseUrl;
  if (!connectionString) throw new Error('scale-out needs DATABASE_URL');
  // Every replica and worker must hold the same HMAC key (VOICEOPS_AUDIT_HMAC_KEY or its file; docs/audit.md).
  const store = await PostgresStore.open({ connectionString, protectAudit: sensitiveValueProtector(hmacKeyForBot(config)) });
  const queue = new PostgresJobQueue(store.pool);
  return {
    store,
    queue,
    execution: (logger) => new QueuedExecution({ queue, store, logger }),
    background: (deps) => {
      // Once per cluster, not per replica: even with every worker down, dead leases turn `unknown` on time.
      const leader = new ClusterLeader({ connectionString, lockKey: CLUSTER_TIMERS_LOCK, intervalMs: timing.leaderMs, logger: deps.logger }).every(
        'expire job leases',
        async () => {
          for (const job of await queue.expireLeases()) {
            deps.logger.warn('job lease expired while started; it is now unknown', { jobId: job.id, requestId: job.requestId });
          }
        },
      );
      for (const timer of deps.timers) leader.every(timer.name, timer.run, timer.everyMs);
      return {
        start() {
          leader.start();
        },
        async stop() {
          await leader.stop();
        },
      };
    },
  };
}
