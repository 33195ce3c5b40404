import type { PowerShellInvocation, PowerShellOutcome } from '../../ports/executor';

/**
 * Throttling is retried for reads only. A throttled change may have been half-applied by the service, and running it
 * again blindly could apply it twice; the request flow reads the state back instead. PowerShell verbs say which is
 * which: only these verbs may be retried.
 */
export const READ_ONLY_VERBS: ReadonlySet<string> = new Set(['Get', 'Test', 'Find']);

export interface ThrottleRetryPolicy {
  /** Further attempts after the first. Default 3. */
  retries: number;
  /** Delay before the first retry; doubled for each further one, with jitter. Default 250 ms. */
  baseDelayMs: number;
  /** Longest single delay. Default 5 s. */
  maxDelayMs: number;
}

export const DEFAULT_THROTTLE_RETRY: ThrottleRetryPolicy = { retries: 3, baseDelayMs: 250, maxDelayMs: 5_000 };

export function isReadOnlyCommand(command: string): boolean {
  return READ_ONLY_VERBS.has(command.slice(0, command.indexOf('-')));
}

/** Runs `invoke`, and again after a backoff while a read-only command keeps answering Throttled. */
export async function invokeWithThrottleRetry(
  invoke: (invocation: PowerShellInvocation) => Promise<PowerShellOutcome>,
  invocation: PowerShellInvocation,
  policy: ThrottleRetryPolicy,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<{ outcome: PowerShellOutcome; attempts: number }> {
  const retryable = isReadOnlyCommand(invocation.command);
  for (let attempt = 1; ; attempt++) {
    const outcome = await invoke(invocation);
    const throttled = !outcome.ok && outcome.error.kind === 'Throttled';
    if (!throttled || !retryable || attempt > policy.retries) return { outcome, attempts: attempt };
    await sleep(backoffMs(attempt, policy));
  }
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so retries from many callers spread. */
export function backoffMs(attempt: number, policy: ThrottleRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
