import type Database from 'better-sqlite3';
import type { AuditRecord } from '../../domain/audit/audit-record';
import { type AuditRow, toAuditRecord } from '../audit-rows';
import type { AuditAnchor, AuditQuery } from '../../ports/store';

export function selectAudit(db: Database.Database, query: AuditQuery): AuditRecord[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit };
  const filter = (clause: string, name: string, value: unknown) => {
    if (value === undefined) return;
    where.push(clause);
    params[name] = value;
  };
  filter('request_id = @requestId', 'requestId', query.requestId);
  filter('object_id = @objectId COLLATE NOCASE', 'objectId', query.objectId);
  filter('creation_time >= @fromTime', 'fromTime', query.fromTime);
  filter('creation_time < @toTime', 'toTime', query.toTime);
  filter('sequence > @afterSequence', 'afterSequence', query.afterSequence);
  const rows = db
    .prepare(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY sequence ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT @limit`,
    )
    .all(params) as AuditRow[];
  return rows.map(toAuditRecord);
}

/** The archive anchor; undefined when nothing was archived or the database predates the audit migration (3). */
export function selectAnchor(db: Database.Database): AuditAnchor | undefined {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'").get();
  if (!hasTable) return undefined;
  const row = db.prepare('SELECT sequence, hash, archived_at, archive FROM audit_anchor WHERE id = 1').get() as
    | { sequence: number; hash: string; archived_at: string; archive: string }
    | undefined;
  return row && { sequence: row.sequence, hash: row.hash, archivedAt: row.archived_at, archive: row.archive };
}
