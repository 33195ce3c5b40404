import Database from 'better-sqlite3';
import type { AuditRecord } from '../../domain/audit/audit-record';
import type { AuditAnchor, AuditQuery } from '../../ports/store';
import { type AuditRow, toAuditRecord } from '../audit-rows';
import { selectAnchor, selectAudit } from './sqlite-audit-rows';

/**
 * Read-only access to the audit trail for the auditor's tools (verify, export) and the checkpoint signer:
 * opens the file without migrating or writing it, and streams records without loading them all.
 */
export class SqliteAuditSource {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
  }

  // Rows as arrays (better-sqlite3 raw mode): verify reads a million of them, and named rows cost twice as much.
  *records(afterSequence = 0, upTo = Number.MAX_SAFE_INTEGER): Iterable<AuditRecord> {
    const rows = this.db
      .prepare(
        `SELECT sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters, result_status,
          tenant_id, request_id, request_hash, previous_hash, hash FROM audit_log WHERE sequence > ? AND sequence <= ? ORDER BY sequence`,
      )
      .raw()
      .iterate(afterSequence, upTo);
    for (const row of rows) {
      const [sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters, result_status, tenant_id, request_id, request_hash, previous_hash, hash] =
        row as unknown[];
      yield toAuditRecord({ sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters, result_status, tenant_id, request_id, request_hash, previous_hash, hash } as AuditRow);
    }
  }

  /** The highest sequence stored, or undefined when the log is empty. */
  headSequence(): number | undefined {
    const row = this.db.prepare('SELECT max(sequence) AS head FROM audit_log').get() as { head: number | null };
    return row.head ?? undefined;
  }

  /** The chain hash a record claims to follow, read without sealing it. */
  previousHashAt(sequence: number): string | undefined {
    const row = this.db.prepare('SELECT previous_hash FROM audit_log WHERE sequence = ?').get(sequence) as { previous_hash: string } | undefined;
    return row?.previous_hash;
  }

  hashExists(hash: string): boolean {
    return this.db.prepare('SELECT 1 FROM audit_log WHERE hash = ? LIMIT 1').get(hash) !== undefined;
  }

  anchor(): AuditAnchor | undefined {
    return selectAnchor(this.db);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return selectAudit(this.db, query);
  }

  async auditAnchor(): Promise<AuditAnchor | undefined> {
    return this.anchor();
  }

  close(): void {
    this.db.close();
  }
}
