import type { AuditEntry, AuditRecord } from '../domain/audit/audit-record';
import type { NewRunbook, RunbookInstance, RunbookStepRecord } from '../domain/runbooks/runbook';
import type { NewRequest, RequestResult, RequestState, StopRequest, Vote, VoiceRequest } from '../domain/requests/request';

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

/** A slice of the audit trail, oldest first unless newestFirst. */
export interface AuditQuery {
  requestId?: number;
  /** The target (M365 ObjectId), compared case-insensitively. */
  objectId?: string;
  /** ISO 8601 UTC; fromTime inclusive, toTime exclusive. */
  fromTime?: string;
  toTime?: string;
  /** Only records with a greater sequence number (for paging). */
  afterSequence?: number;
  limit: number;
  newestFirst?: boolean;
}

/**
 * Where the stored chain starts after retention: the last archived record's sequence and hash. Verification
 * trusts it only when a signed checkpoint carries the same sequence and hash.
 */
export interface AuditAnchor {
  sequence: number;
  hash: string;
  archivedAt: string;
  /** Where the archived records went (a file name), for the auditor. */
  archive: string;
}

export interface VoteOutcome {
  /** False when this approver had already voted: nothing changed. */
  counted: boolean;
  approvals: number;
  /** True when this vote made the request approved. */
  approved: boolean;
}

/**
 * What is announced when a request ends (its cards, a message to the requester, a card asking the approvers to check),
 * or while it waits (a reminder to the approvers that it is about to expire).
 */
export type AnnouncementPart = 'cards' | 'requester' | 'approvers' | 'reminder';

/**
 * A request's announcement leased to one announcer for a while. `attempt` counts the claims of this announcement (for
 * the wait before a retry and giving up); `claim` fences the writes: it moves on with every claim and every new
 * announcement of the request, so those of a claim that lapsed (and was claimed again), or whose announcement was
 * replaced by a newer one, change nothing.
 */
export interface AnnouncementClaim {
  requestId: number;
  attempt: number;
  claim: number;
  /** Parts sent on earlier attempts; a retry sends only the others. */
  partsDone: AnnouncementPart[];
}

/**
 * The outbox of requests to announce. A request that reaches a final state, or is due a reminder, is due to be
 * announced, marked in the same transaction as the change, so a process that dies before announcing it, or a send
 * Teams refuses, loses nothing: the announcement is claimed again later (src/bot/result-announcer.ts). A newer
 * announcement (the reminded request is then decided, an unknown outcome is then settled) replaces the one before.
 */
export interface AnnouncementOutbox {
  /** Up to `limit` due announcements not leased to anyone (or whose lease lapsed), oldest first, each leased for leaseMs. */
  claimAnnouncements(limit: number, leaseMs: number): Promise<AnnouncementClaim[]>;
  /** Records one part as sent; false when the claim is no longer the current one (or the part was already recorded). */
  announcedPart(claim: AnnouncementClaim, part: AnnouncementPart): Promise<boolean>;
  /** Closes the announcement (sent in full, or given up); false when the claim is no longer the current one. */
  finishAnnouncement(claim: AnnouncementClaim): Promise<boolean>;
  /** Puts a failed announcement back, to be claimed again after delayMs. */
  retryAnnouncementAfter(claim: AnnouncementClaim, delayMs: number): Promise<boolean>;
}

/** Filters for listing requests; every field narrows, all are optional but the limit. Newest first. */
export interface RequestQuery {
  states?: readonly RequestState[];
  requesterObjectId?: string;
  /** Exact match on VoiceRequest.targetUser (stored lower-case), or on one of the users a bulk request acts on. */
  targetUser?: string;
  /** Only requests whose expiresAt is at or before this ISO instant (used with states: ['pending']). */
  expiresAtOrBefore?: string;
  /** Requests asking for exactly this change (src/domain/requests/change-key.ts). */
  changeKey?: string;
  /** Only requests filed at or before this ISO instant. */
  createdAtOrBefore?: string;
  /** Only requests with no card copy in the approvers' conversation (their card never reached Teams). */
  withoutApproversCard?: boolean;
  limit: number;
}

/**
 * Every method is one transaction: the state change and its audit record are written together or
 * not at all. If the audit record cannot be written, the method throws and nothing changed.
 * Implementations seal audit entries with sealAuditRecord (sequence, previous hash) under a write lock, and
 * pass each entry through the injected AuditEntryProtector first (HMAC of sensitive values, src/audit).
 */
export interface Store extends AnnouncementOutbox {
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
  /**
   * Compare-and-set: moves the request only if its state is one of `from`. Returns false if it was not.
   * Moving to a final state makes the request due to be announced (AnnouncementOutbox), in the same transaction.
   */
  transition(
    requestId: number,
    from: readonly RequestState[],
    to: RequestState,
    audit: AuditEntry,
    changes?: { result?: RequestResult; vote?: Vote },
  ): Promise<boolean>;
  /**
   * Added for approvals (issue 4): compare-and-set of remindedAt from null to now, only while pending,
   * together with its audit record; the reminder is then due to be announced (AnnouncementOutbox), in the same
   * transaction. False when already reminded or no longer pending.
   */
  markReminded(requestId: number, audit: AuditEntry): Promise<boolean>;
  /**
   * Compare-and-set of stopRequested from null to `stop`, only while the request is running, together with its audit
   * record. False when a stop was already asked for or the request is not running.
   */
  requestStop(requestId: number, stop: StopRequest, audit: AuditEntry): Promise<boolean>;
  /** The stop asked for a request, if any: read before each bulk row starts, so only that column is read. */
  stopRequestOf(requestId: number): Promise<StopRequest | null>;
  /** For steps that change no state but must be on record (a refused approval, for instance). */
  appendAudit(entry: AuditEntry): Promise<AuditRecord>;
  auditRecords(fromSequence?: number): Promise<AuditRecord[]>;
  /** Audit (issue 5): chat lookups, export and the checkpoint signer's view of the head. */
  queryAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Audit (issue 5): the archive anchor, undefined while nothing has been archived. */
  auditAnchor(): Promise<AuditAnchor | undefined>;
  /**
   * Audit (issue 5), retention: in one transaction, records the anchor and removes the records up to
   * anchor.sequence (already written to the archive). Throws, changing nothing, when the stored record at
   * anchor.sequence does not have anchor.hash or the anchor would move backwards. Returns how many left.
   */
  archiveAudit(anchor: AuditAnchor): Promise<number>;
  saveConversation(conversation: StoredConversation): Promise<void>;
  getConversation(conversationId: string): Promise<StoredConversation | undefined>;
  /** Remembers where copies of a request's card were posted (one write; a copy already known is kept once). */
  addCardCopies(requestId: number, copies: readonly CardCopy[]): Promise<void>;
  cardCopies(requestId: number): Promise<CardCopy[]>;
  /** Runbooks (issue 8): starts a tenant's runbook, or replaces its parameters, with its audit record. */
  saveRunbook(runbook: NewRunbook, audit: AuditEntry): Promise<RunbookInstance>;
  /** Runbooks (issue 8): one tenant's runbook with its recorded steps (in step order of recording), or undefined. */
  getRunbook(tenantId: string, name: string): Promise<RunbookInstance | undefined>;
  /** Runbooks (issue 8): every runbook of a tenant, by name. */
  listRunbooks(tenantId: string): Promise<RunbookInstance[]>;
  /** Runbooks (issue 8): sets one step's record (replacing the last one) together with its audit record. */
  recordRunbookStep(tenantId: string, name: string, record: RunbookStepRecord, audit: AuditEntry): Promise<void>;
  /** Runbooks (issue 8): the runbook step a request was filed for, if any. */
  runbookStepOfRequest(requestId: number): Promise<{ tenantId: string; name: string; step: string } | undefined>;
  close(): Promise<void>;
}
