import type { Message } from '../../i18n/message';
import type { BulkRowOutcome } from '../bulk/bulk-execution';
import type { OperationParameters, StateRow } from '../operations/operation';

export type RequestState =
  | 'pending'
  | 'approved'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'unknown'
  | 'rejected'
  | 'expired'
  | 'cancelled';

export const FINAL_STATES: readonly RequestState[] = ['succeeded', 'failed', 'unknown', 'rejected', 'expired', 'cancelled'];
/** The requester can withdraw a request until a run claims it (approved → running): pending, or approved and waiting. */
export const CANCELLABLE_STATES: readonly RequestState[] = ['pending', 'approved', 'queued'];

/** A person acting through Teams: Entra object id plus the name Teams showed. */
export interface Actor {
  objectId: string;
  name: string;
}

export interface RequestResult {
  succeeded: boolean;
  verified: boolean;
  /** English, for the audit trail and results stored before localisation. */
  message: string;
  /** The same words as a catalog message, rendered in each reader's language (absent on older results). */
  text?: Message;
  after: StateRow[];
  mismatches: string[];
  /** The state read just before the change ran, kept so `undo` can restore it. */
  prior?: unknown;
  /** Bulk requests: what happened to each row (the outcomes CSV is made from these). */
  bulkRows?: BulkRowOutcome[];
}

export interface VoiceRequest {
  id: number;
  operation: string;
  parameters: OperationParameters;
  requester: Actor;
  tenantId: string;
  /** Object id of the user the change acts on, read from the tenant at request time. */
  targetObjectId: string | null;
  state: RequestState;
  requestHash: string;
  /** Random value carried by this request's cards, so a card action names exactly one request. */
  nonce: string;
  approvalsRequired: number;
  preview: string;
  before: StateRow[];
  result: RequestResult | null;
  originConversationId: string;
  /** The UPN (or other name) of the user the operation acts on, for `history <upn>` and search. */
  targetUser: string | null;
  /** A pending request still pending at this instant closes as expired, never approved. */
  expiresAt: string;
  /** When approvers were reminded that it is about to expire; null until then. */
  remindedAt: string | null;
  /** A running bulk request its requester asked to stop: rows not yet started are not run. Absent or null until then. */
  stopRequested?: StopRequest | null;
  createdAt: string;
  updatedAt: string;
}

export interface StopRequest {
  by: Actor;
  at: string;
}

export interface Vote {
  approver: Actor;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: string;
  /** The request hash the vote was cast on: a vote counts only while the request still has that hash. */
  requestHash: string;
}

/** What a new request carries before the store gives it a number. */
export type NewRequest = Omit<VoiceRequest, 'id' | 'state' | 'result' | 'remindedAt' | 'createdAt' | 'updatedAt'> & {
  /** The users a request with many targets acts on (a bulk request's rows), lower case: `history <upn>` finds it by them. */
  targetUsers?: readonly string[];
};
