import type { AuditRecord } from '../domain/audit/audit-record';
import type { Store } from '../ports/store';

export type ExportFormat = 'csv' | 'jsonl';

/** One record in the shape of the Microsoft 365 unified audit log, plus the chain fields. See docs/audit-record.schema.json. */
export interface ExportedAuditRecord {
  Id: string;
  CreationTime: string;
  Workload: 'VoiceOps';
  Operation: string;
  OrganizationId: string;
  UserId: string;
  UserKey: string;
  ObjectId: string;
  Parameters: { Name: string; Value: string }[];
  ResultStatus: string;
  RequestId: number | null;
  RequestHash: string | null;
  Sequence: number;
  PreviousHash: string;
  Hash: string;
}

export function toExported(record: AuditRecord): ExportedAuditRecord {
  return {
    Id: record.id,
    CreationTime: record.creationTime,
    Workload: 'VoiceOps',
    Operation: record.operation,
    OrganizationId: record.tenantId,
    UserId: record.userId,
    UserKey: record.actorObjectId,
    ObjectId: record.objectId,
    Parameters: Object.entries(record.parameters).map(([Name, value]) => ({ Name, Value: typeof value === 'string' ? value : JSON.stringify(value) })),
    ResultStatus: record.resultStatus,
    RequestId: record.requestId,
    RequestHash: record.requestHash,
    Sequence: record.sequence,
    PreviousHash: record.previousHash,
    Hash: record.hash,
  };
}

const COLUMNS: (keyof ExportedAuditRecord)[] = [
  'Id', 'CreationTime', 'Workload', 'Operation', 'OrganizationId', 'UserId', 'UserKey', 'ObjectId', 'Parameters',
  'ResultStatus', 'RequestId', 'RequestHash', 'Sequence', 'PreviousHash', 'Hash',
];

// RFC 4180: quote every field that holds a comma, quote, or line break; double the quotes.
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams the records with from <= CreationTime < to, oldest first, page by page, to `write`.
 * Returns how many were written.
 */
export async function exportAudit(
  store: Pick<Store, 'queryAudit'>,
  range: { from?: string; to?: string },
  format: ExportFormat,
  write: (chunk: string) => void,
): Promise<number> {
  if (format === 'csv') write(`${COLUMNS.join(',')}\r\n`);
  let afterSequence = 0;
  let count = 0;
  for (;;) {
    const page = await store.queryAudit({ fromTime: range.from, toTime: range.to, afterSequence, limit: 1000 });
    for (const record of page) {
      const exported = toExported(record);
      write(format === 'jsonl' ? `${JSON.stringify(exported)}\n` : `${COLUMNS.map((c) => csvField(exported[c])).join(',')}\r\n`);
    }
    count += page.length;
    if (page.length < 1000) return count;
    afterSequence = page[page.length - 1].sequence;
  }
}
