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
  | 'RequestCancelled'
  | 'RequestExpired'
  | 'ReminderSent';

export type AuditResultStatus = 'Succeeded' | 'Failed' | 'Refused' | 'Pending';

/** What a caller supplies; the store adds sequence, id, time and the chain hashes. */
export interface AuditEntry {
  operation: AuditOperation;
  userId: string;
  actorObjectId: string;
  objectId: string;
  parameters: Record<string, unknown>;
  resultStatus: AuditResultStatus;
  tenantId: string;
  requestId: number | null;
  requestHash: string | null;
}

export interface AuditRecord extends AuditEntry {
  sequence: number;
  id: string;
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

export type ChainDamage = 'edited' | 'deleted' | 'reordered' | 'broken-link';

export type ChainVerdict = { intact: true; records: number; headHash: string } | { intact: false; sequence: number; damage: ChainDamage };

/** Walks the chain from the start and names the first record that does not fit. */
export function verifyAuditChain(records: readonly AuditRecord[]): ChainVerdict {
  let previousHash = GENESIS_HASH;
  let expected = 1;
  for (const record of records) {
    if (record.sequence !== expected) {
      return { intact: false, sequence: expected, damage: record.sequence > expected ? 'deleted' : 'reordered' };
    }
    const { hash, ...rest } = record;
    if (auditHash(rest) !== hash) return { intact: false, sequence: record.sequence, damage: 'edited' };
    if (record.previousHash !== previousHash) return { intact: false, sequence: record.sequence, damage: 'broken-link' };
    previousHash = hash;
    expected += 1;
  }
  return { intact: true, records: records.length, headHash: previousHash };
}
