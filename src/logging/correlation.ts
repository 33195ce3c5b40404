import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Ids that tie log lines (and spans) of one HTTP request or one bot turn together. */
export interface Correlation {
  correlationId: string;
  /** Bot Framework activity id of the turn, when inside one. */
  activityId?: string;
  conversationId?: string;
}

const storage = new AsyncLocalStorage<Correlation>();

/** Runs fn with these ids added to every log line written inside it, including work it starts and awaits later. */
export function withCorrelation<T>(ids: Partial<Correlation>, fn: () => T): T {
  const outer = storage.getStore();
  return storage.run({ ...outer, correlationId: ids.correlationId ?? outer?.correlationId ?? newCorrelationId(), ...ids } as Correlation, fn);
}

export function currentCorrelation(): Correlation | undefined {
  return storage.getStore();
}

export function newCorrelationId(): string {
  return randomUUID();
}
