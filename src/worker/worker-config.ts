import { ConfigError } from '../config/read-config';
import type { ExecutionWorkerOptions } from './execution-worker';

const TARGETS = ['teams', 'exchange'];

/** Worker settings from the environment (see docs/scale-out.md); pure, like readConfig. */
export function readWorkerConfig(env: NodeJS.ProcessEnv, defaults: { workerId: string; poolSize: number }): ExecutionWorkerOptions {
  const targets = (env.VOICEOPS_WORKER_TARGETS || 'teams').split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = targets.filter((t) => !TARGETS.includes(t));
  if (targets.length === 0 || unknown.length > 0) {
    throw new ConfigError(`VOICEOPS_WORKER_TARGETS must list targets from ${TARGETS.join(', ')}; "${unknown.join(', ')}" is not one.`);
  }
  const leaseMs = whole(env.VOICEOPS_LEASE_MS || '30000', 'VOICEOPS_LEASE_MS', 300, 3_600_000);
  return {
    workerId: env.VOICEOPS_WORKER_ID || defaults.workerId,
    targets,
    leaseMs,
    pollMs: whole(env.VOICEOPS_POLL_MS || '1000', 'VOICEOPS_POLL_MS', 10, 60_000),
    // Past the lease, a cut-off worker's pwsh call must have hit its timeout before we read back.
    settleMs: whole(env.VOICEOPS_SETTLE_MS || '60000', 'VOICEOPS_SETTLE_MS', 0, 3_600_000),
    concurrency: whole(env.VOICEOPS_WORKER_CONCURRENCY || String(defaults.poolSize), 'VOICEOPS_WORKER_CONCURRENCY', 1, 32),
  };
}

function whole(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}
