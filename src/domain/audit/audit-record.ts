import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/** Operation names, in the style of the Microsoft 365 unified audit log. */
export type AuditOperation =
  | 'RequestCreated'
  | 'ApprovalGranted'
  | 'ApprovalRefused'
  | 'RequestApproved'
  | 'RequestRejected'
  | 'ExecutionStarted'
  | 'ExecutionFinished'
  | 'ChangeVerified'
  | 'ExecutionRefused'
  | 'AuditLogSearched';

export type AuditResultStatus = 'Succeeded' | 'Failed' | 'Refused' | 'Pending';

/** What a caller supplies; the store adds sequence, id, time and the chain hashes. */
export interface AuditEntry {
  operation: AuditOperation;
  /** Display name of the actor (M365 UserId). */
  userId: string;
  /** Entra object id of the actor (M365 UserKey). */
  actorObjectId: string;
  /** The target of the step, usually the UPN the change acts on (M365 ObjectId). */
  objectId: string;
  parameters: Record<string, unknown>;
  resultStatus: AuditResultStatus;
  /** Entra tenant id (M365 OrganizationId). */
  tenantId: string;
  requestId: number | null;
  requestHash: string | null;
}

export interface AuditRecord extends AuditEntry {
  sequence: number;
  id: string;
  /** ISO 8601 UTC. */
  creationTime: string;
  previousHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the canonical record (without its own hash) followed by the previous record's hash. */
export function auditHash(record: Omit<AuditRecord, 'hash'>): string {
  const { previousHash, ...body } = record;
  return createHash('sha256').update(canonicalJson(body)).update(previousHash).digest('hex');
}

export function sealAuditRecord(
  entry: AuditEntry,
  position: { sequence: number; id: string; creationTime: string; previousHash: string },
): AuditRecord {
  const unsealed = { ...entry, ...position };
  return { ...unsealed, hash: auditHash(unsealed) };
}

/** True when the record's stored hash is the hash of its own content. */
export function isSealedIntact(record: AuditRecord): boolean {
  const { hash, ...rest } = record;
  return auditHash(rest) === hash;
}

// Kept here for callers of the skeleton's API; the walker lives in verify-chain.
export { verifyAuditChain } from './verify-chain';

/** Rewrites an entry before it is sealed, so sensitive values never reach storage in clear (see src/audit). */
export type AuditEntryProtector = (entry: AuditEntry) => AuditEntry;
