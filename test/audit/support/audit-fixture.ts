import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store';
import { runAuditCli } from '../../../src/audit/audit-cli';
import { loadHmacKey } from '../../../src/audit/audit-keys';
import { sensitiveValueProtector } from '../../../src/audit/sensitive-values';
import { readConfig, type Config } from '../../../src/config/read-config';
import type { AuditEntry } from '../../../src/domain/audit/audit-record';

/** A data directory with keys, a real database file and the audit CLI run in-process against it. */
export class AuditFixture {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'voiceops-audit-'));
  readonly env: NodeJS.ProcessEnv = { VOICEOPS_DATA_DIR: this.dataDir };
  readonly config: Config = readConfig(this.env);

  get databasePath(): string {
    return this.config.databasePath;
  }

  async cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runAuditCli(args, { env: this.env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  /** The store as the bot opens it: sensitive values protected with the HMAC key from the key file. */
  openStore(now?: () => Date): SqliteStore {
    const key = loadHmacKey({ keyFile: this.config.audit.hmacKeyFile });
    return new SqliteStore(this.databasePath, now, { protectAudit: sensitiveValueProtector(key) });
  }

  /** Appends entries numbered from..to; parameter note "record-NN" makes each one findable in the file. */
  async append(from: number, to: number, now?: () => Date): Promise<void> {
    const store = this.openStore(now);
    for (let i = from; i <= to; i++) await store.appendAudit(entry(i));
    await store.close();
  }

  /** The attacker's connection: the append-only triggers are no obstacle to someone who can write the file. */
  asAttacker(work: (db: Database.Database) => void): void {
    const db = new Database(this.databasePath);
    db.exec('DROP TRIGGER audit_log_append_only; DROP TRIGGER audit_log_archive_only;');
    work(db);
    db.close();
  }

  remove(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export function entry(i: number, parameters: Record<string, unknown> = {}): AuditEntry {
  return {
    operation: 'RequestCreated',
    userId: 'Megan Bowen',
    actorObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a',
    objectId: `user${i}@contoso.com`,
    parameters: { note: `record-${String(i).padStart(2, '0')}`, ...parameters },
    resultStatus: 'Pending',
    tenantId: '72f988bf-0000-4000-8000-00000000c0de',
    requestId: i,
    requestHash: createHash('sha256').update(`request ${i}`).digest('hex'),
  };
}
