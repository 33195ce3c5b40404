import { hash as oneShotHash } from 'node:crypto';

/** Operation names, in the style of the Microsoft 365 unified audit log (each has its words in the catalogs). */
export const AUDIT_OPERATIONS = [
  'RequestCreated',
  'ApprovalGranted',
  'ApprovalRefused',
  'RequestApproved',
  'RequestRejected',
  'ExecutionStarted',
  'ExecutionFinished',
  'ChangeVerified',
  'ExecutionRefused',
  'NoChangeNeeded',
  'AuditLogSearched',
  'RequestCancelled',
  'RequestExpired',
  'ReminderSent',
  // The requester asked a running bulk request to stop: rows already started finish, the others are not run.
  'StopRequested',
  // Runbooks (issue 8): a runbook started or its parameters set, and each change of a step's state.
  'RunbookStarted',
  'RunbookStepRecorded',
  // Someone was given a `bulk export` link: every user's voice settings, for whoever opens it until it expires.
  'ExportLinkIssued',
] as const;

export type AuditOperation = (typeof AUDIT_OPERATIONS)[number];

export const AUDIT_RESULT_STATUSES = ['Succeeded', 'Failed', 'Refused', 'Pending'] as const;

export type AuditResultStatus = (typeof AUDIT_RESULT_STATUSES)[number];

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

/**
 * SHA-256 over the canonical record (sorted keys at every depth, without hash and previousHash) followed by
 * the previous record's hash. Same bytes as canonicalJson of the body; written out here because verify runs
 * it a million times and building sorted copies of every record costs more than the hash itself.
 */
export function auditHash(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const body = hasRecordShape(record) ? recordBody(record) : canonicalObject(record, CHAIN_FIELDS);
  return oneShotHash('sha256', body + record.previousHash, 'hex');
}

// The fields of a record in sorted order; a record with exactly these is written out without sorting.
const RECORD_FIELDS = [
  'actorObjectId', 'creationTime', 'id', 'objectId', 'operation', 'parameters', 'requestHash', 'requestId',
  'resultStatus', 'sequence', 'tenantId', 'userId',
] as const;

function hasRecordShape(record: object): record is AuditRecord {
  const keys = Object.keys(record).length;
  const chainFields = 'hash' in record ? 2 : 1;
  if (keys !== RECORD_FIELDS.length + chainFields) return false;
  return RECORD_FIELDS.every((field) => (record as Record<string, unknown>)[field] !== undefined) && 'previousHash' in record;
}

function recordBody(record: AuditRecord): string {
  const r = record as unknown as Record<string, unknown>;
  let out = '{';
  for (const field of RECORD_FIELDS) out += `${out.length > 1 ? ',' : ''}"${field}":${canonical(r[field])}`;
  return `${out}}`;
}

const CHAIN_FIELDS: ReadonlySet<string> = new Set(['hash', 'previousHash']);
const NONE: ReadonlySet<string> = new Set();

function canonicalObject(object: Record<string, unknown>, leaveOut: ReadonlySet<string>): string {
  let out = '{';
  for (const key of keyOrder(object)) {
    if (leaveOut.has(key)) continue;
    const value = object[key];
    if (value === undefined || typeof value === 'function') continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonical(value)}`;
  }
  return `${out}}`;
}

// The order canonicalJson's rebuilt objects serialise in: integer-like keys first, ascending (as JavaScript
// orders them), then the others sorted.
function keyOrder(object: Record<string, unknown>): string[] {
  const keys = Object.keys(object).sort();
  const indexes = keys.filter(isArrayIndex);
  if (indexes.length === 0) return keys;
  return [...indexes.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isArrayIndex(k))];
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined || typeof item === 'function' ? 'null' : canonical(item))).join(',')}]`;
  }
  return canonicalObject(value as Record<string, unknown>, NONE);
}

export function sealAuditRecord(
  entry: AuditEntry,
  position: { sequence: number; id: string; creationTime: string; previousHash: string },
): AuditRecord {
  // Built field by field in one fixed shape (spreads cost more than the hash on the append path), with
  // exactly the fields a stored row has, so verify recomputes the same bytes.
  const record: AuditRecord = {
    operation: entry.operation,
    userId: entry.userId,
    actorObjectId: entry.actorObjectId,
    objectId: entry.objectId,
    parameters: entry.parameters,
    resultStatus: entry.resultStatus,
    tenantId: entry.tenantId,
    requestId: entry.requestId,
    requestHash: entry.requestHash,
    sequence: position.sequence,
    id: position.id,
    creationTime: position.creationTime,
    previousHash: position.previousHash,
    hash: '',
  };
  record.hash = auditHash(record);
  return record;
}

/** True when the record's stored hash is the hash of its own content. */
export function isSealedIntact(record: AuditRecord): boolean {
  return auditHash(record) === record.hash;
}

// Kept here for callers of the skeleton's API; the walker lives in verify-chain.
export { verifyAuditChain } from './verify-chain';

/** Rewrites an entry before it is sealed, so sensitive values never reach storage in clear (see src/audit). */
export type AuditEntryProtector = (entry: AuditEntry) => AuditEntry;
