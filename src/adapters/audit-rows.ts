import type { AuditRecord } from '../domain/audit/audit-record';

/** The audit_log row of either store (PostgreSQL returns BIGINT columns as strings); shared by the stores
 * (writes) and the read-only audit sources (verify, export, signer). */
export interface AuditRow {
  sequence: number | string;
  id: string;
  creation_time: string;
  operation: string;
  user_id: string;
  actor_object_id: string;
  object_id: string;
  parameters: string;
  result_status: string;
  tenant_id: string;
  request_id: number | string | null;
  request_hash: string | null;
  previous_hash: string;
  hash: string;
}

export function toAuditRecord(row: AuditRow): AuditRecord {
  return {
    sequence: Number(row.sequence),
    id: row.id,
    creationTime: row.creation_time,
    operation: row.operation as AuditRecord['operation'],
    userId: row.user_id,
    actorObjectId: row.actor_object_id,
    objectId: row.object_id,
    parameters: JSON.parse(row.parameters),
    resultStatus: row.result_status as AuditRecord['resultStatus'],
    tenantId: row.tenant_id,
    requestId: row.request_id === null ? null : Number(row.request_id),
    requestHash: row.request_hash,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}
