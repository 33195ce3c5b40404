import type { Message } from '../../i18n/message';
import type { Actor } from '../requests/request';

/**
 * Where one step of a runbook stands. `manual` is a checklist item nobody has ticked yet; `done` is ticked, or run by
 * the bot but not proven by a read-back; `verified` is proven by a check or a request's read-back.
 */
export type RunbookStepState = 'not-started' | 'done' | 'verified' | 'failed' | 'manual';

/** What the store keeps of a step: the last thing that happened to it, by whom and when. */
export interface RunbookStepRecord {
  step: string;
  state: RunbookStepState;
  /** Who ticked it or filed its request; null when a check or the executor moved it. */
  actor: Actor | null;
  /** ISO 8601 UTC. */
  at: string;
  /** The request filed for a step the bot runs. */
  requestId: number | null;
  /** The reason given when ticking, or what a check found (English, as the audit trail keeps it). */
  note: string | null;
  /** What a check or request found as a catalog message, so each reader sees it in their language; none for a typed reason. */
  text?: Message;
}

/** One runbook of one tenant: its parameters and what has been recorded of its steps. */
export interface RunbookInstance {
  tenantId: string;
  name: string;
  parameters: Record<string, string>;
  startedBy: Actor;
  startedAt: string;
  updatedAt: string;
  steps: RunbookStepRecord[];
}

export type NewRunbook = Pick<RunbookInstance, 'tenantId' | 'name' | 'parameters' | 'startedBy'>;
