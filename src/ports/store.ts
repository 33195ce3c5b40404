import type { AuditEntry, AuditRecord } from '../domain/audit/audit-record';
import type { NewRequest, RequestResult, RequestState, Vote, VoiceRequest } from '../domain/requests/request';

/** Where a Bot Framework conversation can be reached again (the ConversationReference, stored as data). */
export interface StoredConversation {
  conversationId: string;
  reference: Record<string, unknown>;
}

export interface CardCopy {
  conversationId: string;
  activityId: string;
  /** Approvers' copies carry the decision buttons while the request is pending. */
  audience: 'approvers' | 'requester';
}

export interface VoteOutcome {
  /** False when this approver had already voted: nothing changed. */
  counted: boolean;
  approvals: number;
  /** True when this vote made the request approved. */
  approved: boolean;
}

/** Filters for listing requests; every field narrows, all are optional but the limit. Newest first. */
export interface RequestQuery {
  states?: readonly RequestState[];
  requesterObjectId?: string;
  /** Exact match on VoiceRequest.targetUser (stored lower-case). */
  targetUser?: string;
  /** Only requests whose expiresAt is at or before this ISO instant (used with states: ['pending']). */
  expiresAtOrBefore?: string;
  limit: number;
}

/**
 * Every method is one transaction: the state change and its audit record are written together or
 * not at all. If the audit record cannot be written, the method throws and nothing changed.
 */
export interface Store {
  createRequest(request: NewRequest, audit: (request: VoiceRequest) => AuditEntry): Promise<VoiceRequest>;
  getRequest(id: number): Promise<VoiceRequest | undefined>;
  listRequestsByRequester(requesterObjectId: string, limit: number): Promise<VoiceRequest[]>;
  /** Added for approvals (issue 4): `pending`, `history <upn>`, search, and the expiry and reminder sweeps. */
  findRequests(query: RequestQuery): Promise<VoiceRequest[]>;
  votes(requestId: number): Promise<Vote[]>;
  /**
   * Counts one approval per distinct approver and moves pending → approved when enough are in.
   * Only votes whose requestHash equals the request's current hash count (a changed request needs fresh votes).
   */
  recordApproval(requestId: number, vote: Vote, audit: AuditEntry, approvedAudit: AuditEntry): Promise<VoteOutcome>;
  /** Compare-and-set: moves the request only if its state is one of `from`. Returns false if it was not. */
  transition(
    requestId: number,
    from: readonly RequestState[],
    to: RequestState,
    audit: AuditEntry,
    changes?: { result?: RequestResult; vote?: Vote },
  ): Promise<boolean>;
  /**
   * Added for approvals (issue 4): compare-and-set of remindedAt from null to now, only while pending,
   * together with its audit record. False when already reminded or no longer pending.
   */
  markReminded(requestId: number, audit: AuditEntry): Promise<boolean>;
  /** For steps that change no state but must be on record (a refused approval, for instance). */
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  auditRecords(fromSequence?: number): Promise<AuditRecord[]>;
  saveConversation(conversation: StoredConversation): Promise<void>;
  getConversation(conversationId: string): Promise<StoredConversation | undefined>;
  addCardCopy(requestId: number, copy: CardCopy): Promise<void>;
  cardCopies(requestId: number): Promise<CardCopy[]>;
  close(): Promise<void>;
}
