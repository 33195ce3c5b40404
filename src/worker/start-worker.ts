import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { PostgresJobQueue } from '../adapters/postgres/job-queue';
import { PostgresStore } from '../adapters/postgres/postgres-store';
import { PowerShellSessionPool } from '../adapters/powershell/powershell-session-pool';
import { tenantConnectionFor } from '../adapters/tenant-connection/tenant-connection-for';
import { ConfigError, type Config } from '../config/read-config';
import { allowedCommands, OPERATIONS } from '../domain/operations/catalog';
import { ApprovalPolicy } from '../domain/policy/approval-policy';
import { parsePolicy } from '../domain/policy/load-policy';
import { loggerFor, type Logger } from '../logging/logger';
import { ExecutionWorker } from './execution-worker';
import { readWorkerConfig } from './worker-config';
import { hmacKeyForBot } from '../audit/audit-keys';
import { sensitiveValueProtector } from '../audit/sensitive-values';

/** Composition of a `voiceops worker` process: PostgreSQL, its own pwsh pool, and the claim loop. */
export async function startWorkerProcess(config: Config, env: NodeJS.ProcessEnv, logger: Logger = loggerFor(config)): Promise<{ stop(): Promise<void> }> {
  if (!config.databaseUrl) throw new ConfigError('voiceops worker needs DATABASE_URL (the PostgreSQL the bot replicas use).');
  if (!config.pwshPath) throw new ConfigError('PowerShell 7 (pwsh) was not found: run bash scripts/install-pwsh.sh, or set VOICEOPS_PWSH to its path.');
  const options = readWorkerConfig(env, { workerId: `${hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`, poolSize: config.poolSize });
  const policy = new ApprovalPolicy(parsePolicy(readFileSync(config.policyPath, 'utf8'), config.policyPath));
  const store = await PostgresStore.open({
    connectionString: config.databaseUrl,
    poolSize: options.concurrency + 3,
    protectAudit: sensitiveValueProtector(hmacKeyForBot(config)),
  });
  const queue = new PostgresJobQueue(store.pool);
  // Only the functions of the operations this worker serves are on its allow-list.
  const served = OPERATIONS.filter((op) => options.targets.includes(op.target));
  const executor = new PowerShellSessionPool({
    size: options.concurrency,
    pwshPath: config.pwshPath,
    modulesDir: config.powershellModulesDir,
    connection: tenantConnectionFor(config.tenantConnection, config),
    defaultTimeoutMs: config.operationTimeoutMs,
    ...config.executorLimits,
    allowedCommands: allowedCommands(served),
    logger,
  });
  await executor.warm();
  const listener = new Client({ connectionString: config.databaseUrl });
  listener.on('error', (error) => logger.warn('job notifications lost; polling continues', { error: error.message }));
  await listener.connect();
  const worker = new ExecutionWorker({ store, queue, executor, policy, tenantId: config.tenantId, logger, listener }, options);
  await worker.start();
  logger.info('voiceops worker running', { workerId: options.workerId, targets: options.targets, concurrency: options.concurrency });
  return {
    async stop() {
      await worker.stop();
      await listener.end().catch(() => undefined);
      await executor.close();
      await store.close();
    },
  };
}
