import type { Executor } from '../ports/executor';
import type { Store } from '../ports/store';
import type { PoolStats } from './metrics';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

export interface ReadinessCheck {
  name: string;
  check(): Promise<CheckResult>;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** Runs every check at once, each bounded by the timeout so a hung dependency reads as not ready. */
export async function readiness(checks: readonly ReadinessCheck[], timeoutMs = 5000): Promise<Readiness> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await bounded(c.check(), timeoutMs)] as const));
  return { ready: results.every(([, r]) => r.ok), checks: Object.fromEntries(results) };
}

/** The store answers a query. */
export function storeCheck(store: Pick<Store, 'getRequest'>): ReadinessCheck {
  return {
    name: 'store',
    async check() {
      await store.getRequest(0);
      return { ok: true, detail: 'reachable' };
    },
  };
}

/** At least one warm pwsh session is live (the pool starts missing ones by itself). */
export function poolCheck(stats: () => PoolStats | undefined): ReadinessCheck {
  return {
    name: 'powershellPool',
    async check() {
      const s = stats();
      if (!s) return { ok: false, detail: 'the executor reports no pool statistics' };
      return { ok: s.live > 0, detail: `${s.live}/${s.size} sessions live, ${s.idle} idle, ${s.waiting} waiting` };
    },
  };
}

/** Identity the tenant probe looks up: it never exists, so a healthy tenant answers NotFound. */
export const TENANT_PROBE_IDENTITY = 'voiceops-readiness-probe@readiness.invalid';

/**
 * The tenant answers a read through the executor: a lookup of a user that does not exist must come back as
 * "not found" (or found), not as a crash, timeout or throttle. Cached so probes do not load the tenant.
 */
export function tenantCheck(executor: Pick<Executor, 'invoke'>, options: { command: string; cacheMs?: number; now?: () => number }): ReadinessCheck {
  const now = options.now ?? Date.now;
  let cached: { at: number; result: CheckResult } | undefined;
  return {
    name: 'tenant',
    async check() {
      if (cached && now() - cached.at < (options.cacheMs ?? 30_000)) return cached.result;
      const outcome = await executor.invoke({ command: options.command, arguments: { Identity: TENANT_PROBE_IDENTITY }, timeoutMs: 10_000 });
      const result: CheckResult =
        outcome.ok || outcome.error.kind === 'NotFound'
          ? { ok: true, detail: `answered in ${outcome.durationMs} ms` }
          : { ok: false, detail: `${outcome.error.kind}: ${outcome.error.message}` };
      cached = { at: now(), result };
      return result;
    },
  };
}

async function bounded(check: Promise<CheckResult>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check.catch((error: unknown) => ({ ok: false, detail: error instanceof Error ? error.message : String(error) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
