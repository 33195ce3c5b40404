import { changeKey } from '../domain/requests/change-key';
import type { NewRequest, RequestResult, RequestState, StopRequest, VoiceRequest } from '../domain/requests/request';

/** A requests row as either store returns it: SQLite keeps JSON columns as text and ids as numbers, PostgreSQL
 * returns JSONB parsed and BIGINT ids as strings. */
export interface RequestRow {
  id: number | string;
  operation: string;
  parameters: string | VoiceRequest['parameters'];
  requester_object_id: string;
  requester_name: string;
  tenant_id: string;
  target_object_id: string | null;
  state: RequestState;
  request_hash: string;
  nonce: string;
  approvals_required: number;
  preview: string;
  before_state: string | VoiceRequest['before'];
  result: string | RequestResult | null;
  origin_conversation_id: string;
  target_user: string | null;
  expires_at: string;
  reminded_at: string | null;
  stop_requested?: string | StopRequest | null;
  created_at: string;
  updated_at: string;
}

// A JSON column: text in SQLite, already parsed from JSONB in PostgreSQL. Every value stored here is an object.
function jsonColumn<T>(value: string | T): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** The request a row holds; ids stay far below 2^53, so Number() of a BIGINT string is exact. */
export function toRequest(row: RequestRow): VoiceRequest {
  return {
    id: Number(row.id),
    operation: row.operation,
    parameters: jsonColumn(row.parameters),
    requester: { objectId: row.requester_object_id, name: row.requester_name },
    tenantId: row.tenant_id,
    targetObjectId: row.target_object_id,
    state: row.state,
    requestHash: row.request_hash,
    nonce: row.nonce,
    approvalsRequired: row.approvals_required,
    preview: row.preview,
    before: jsonColumn(row.before_state),
    result: row.result === null || row.result === '' ? null : jsonColumn(row.result),
    originConversationId: row.origin_conversation_id,
    targetUser: row.target_user,
    expiresAt: row.expires_at,
    remindedAt: row.reminded_at,
    stopRequested: row.stop_requested ? jsonColumn(row.stop_requested) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a new request is inserted with (state is always 'pending'), in the order of newRequestValues. */
export const NEW_REQUEST_COLUMNS =
  'operation, parameters, requester_object_id, requester_name, tenant_id, target_object_id, request_hash, nonce, ' +
  'approvals_required, preview, before_state, origin_conversation_id, target_user, expires_at, created_at, updated_at, change_key';

/** The values of NEW_REQUEST_COLUMNS for a new request created at `at`; JSON columns go as text to both stores. */
export function newRequestValues(request: NewRequest, at: string): unknown[] {
  return [
    request.operation,
    JSON.stringify(request.parameters),
    request.requester.objectId,
    request.requester.name,
    request.tenantId,
    request.targetObjectId,
    request.requestHash,
    request.nonce,
    request.approvalsRequired,
    request.preview,
    JSON.stringify(request.before),
    request.originConversationId,
    request.targetUser,
    request.expiresAt,
    at,
    at,
    changeKey(request),
  ];
}

/** Requests stored before change keys existed: read back in batches and given theirs (both stores, at open). */
export const UNKEYED_REQUESTS_BATCH = 1000;

/** The change key of a stored row, for the back-fill. */
export function changeKeyOfRow(row: Pick<RequestRow, 'tenant_id' | 'operation' | 'parameters'>): string {
  return changeKey({ tenantId: row.tenant_id, operation: row.operation, parameters: jsonColumn(row.parameters) });
}
