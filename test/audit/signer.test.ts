import { CheckpointDirectory } from '../../src/audit/checkpoint-directory';
import { CheckpointSigner } from '../../src/audit/checkpoint-signer';
import { loadPublicKey, loadSigningKey } from '../../src/audit/audit-keys';
import { verifyCheckpoints } from '../../src/domain/audit/checkpoint';
import Database from 'better-sqlite3';
import { SqliteAuditSource } from '../../src/adapters/sqlite/sqlite-audit-source';
import { AuditFixture } from './support/audit-fixture';

describe('checkpoint signer', () => {
  let fixture: AuditFixture;
  let clock: Date;
  let source: SqliteAuditSource;
  let directory: CheckpointDirectory;
  let signer: CheckpointSigner;

  beforeEach(async () => {
    fixture = new AuditFixture();
    await fixture.cli('init');
    await fixture.append(1, 3);
    clock = new Date('2026-11-23T10:00:00Z');
    source = new SqliteAuditSource(fixture.databasePath);
    directory = new CheckpointDirectory(fixture.config.audit.checkpointDir);
    signer = new CheckpointSigner({
      store: source,
      directory,
      signingKey: loadSigningKey(fixture.config.audit.signingKeyFile),
      every: 5,
      intervalMs: 60_000,
      now: () => clock,
    });
  });

  afterEach(() => {
    source.close();
    fixture.remove();
  });

  const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

  test('when records arrive, then it signs the first head at once, then every 5 records, then after the interval even when idle', async () => {
    expect(await signer.tick()).toMatchObject({ sequence: 3, previousSignature: null });
    await fixture.append(4, 7);
    expect(await signer.tick()).toBeUndefined();
    await fixture.append(8, 8);
    expect(await signer.tick()).toMatchObject({ sequence: 8 });
    minutes(0.5);
    expect(await signer.tick()).toBeUndefined();
    minutes(1);
    const idle = await signer.tick();
    expect(idle).toMatchObject({ sequence: 8, time: clock.toISOString() });
    const all = directory.list();
    expect(all.map((c) => c.sequence)).toEqual([3, 8, 8]);
    expect(all[2].previousSignature).toBe(all[1].signature);
    expect(verifyCheckpoints(all, loadPublicKey(fixture.config.audit.publicKeyFile))).toEqual({ ok: true });
  });

  test('when the log was cut below the last checkpoint, then it refuses to sign', async () => {
    await fixture.append(4, 8);
    await signer.tick();
    const db = new Database(fixture.databasePath);
    db.exec('DROP TRIGGER audit_log_archive_only; DELETE FROM audit_log WHERE sequence > 6');
    db.close();
    await expect(signer.tick({ force: true })).rejects.toThrow(/refusing to sign: the audit log ends at 6, below checkpoint 8/);
  });

  test('when a record after the last checkpoint was edited, then it refuses to vouch for it', async () => {
    await signer.tick();
    await fixture.append(4, 9);
    const db = new Database(fixture.databasePath);
    db.exec("DROP TRIGGER audit_log_append_only; UPDATE audit_log SET user_id = 'Mallory' WHERE sequence = 5");
    db.close();
    await expect(signer.tick()).rejects.toThrow(/refusing to sign: record 5 edited/);
    expect(directory.list()).toHaveLength(1);
  });

  test('when started, then it keeps signing on its own until stopped', async () => {
    const errors: unknown[] = [];
    signer.start(10, (error) => errors.push(error));
    await new Promise((resolve) => setTimeout(resolve, 100));
    signer.stop();
    expect(directory.list()).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
