import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CheckpointDirectory } from '../../src/audit/checkpoint-directory';
import { GENESIS_HASH, sealAuditRecord } from '../../src/domain/audit/audit-record';
import { signCheckpoint } from '../../src/domain/audit/checkpoint';
import { toAuditRecord, type AuditRow } from '../../src/adapters/audit-rows';
import { AuditFixture, entry } from './support/audit-fixture';

// Ten records on a real database file, with signed checkpoints at 5 and 10; then an attacker with write
// access to the database (but not to the signing key) changes it, and `voiceops audit verify` must say how.
let fixture: AuditFixture;

beforeEach(async () => {
  fixture = new AuditFixture();
  expect((await fixture.cli('init')).code).toBe(0);
  await fixture.append(1, 5);
  expect((await fixture.cli('checkpoint')).code).toBe(0);
  await fixture.append(6, 10);
  expect((await fixture.cli('checkpoint')).code).toBe(0);
});

afterEach(() => fixture.remove());

const attacker = (work: (db: Database.Database) => void) => fixture.asAttacker(work);

async function verify(...flags: string[]) {
  const result = await fixture.cli('verify', ...flags);
  const json = await fixture.cli('verify', '--json', ...flags);
  return { ...result, verdict: JSON.parse(json.stdout) };
}

describe('voiceops audit verify on a real database file', () => {
  test('when nothing was touched, then it reports the chain intact and exits 0', async () => {
    const { code, stdout, verdict } = await verify();
    expect(code).toBe(0);
    expect(stdout).toMatch(/^INTACT: 10 records \(1 to 10\), 2 of 2 signed checkpoints matched/);
    expect(verdict).toMatchObject({ intact: true, headSequence: 10, checkpointsMatched: 2 });
  });

  test('when one byte of record 3 is changed in the file, then sequence 3 is reported as edited', async () => {
    // The copy of record 3 that SQLite reads: the one on a leaf page of audit_log (dbstat), not a stale page.
    const db = new Database(fixture.databasePath);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = new Set((db.prepare("SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf'").all() as { pageno: number }[]).map((r) => r.pageno));
    db.close();
    const bytes = readFileSync(fixture.databasePath);
    let at = bytes.indexOf('record-03');
    while (at >= 0 && !leaves.has(Math.floor(at / pageSize) + 1)) at = bytes.indexOf('record-03', at + 1);
    expect(at).toBeGreaterThan(0);
    bytes[at + 8] = '8'.charCodeAt(0);
    writeFileSync(fixture.databasePath, bytes);
    const { code, stdout, verdict } = await verify();
    expect(code).toBe(3);
    expect(stdout).toMatch(/^DAMAGED at sequence 3: edited/);
    expect(verdict).toMatchObject({ intact: false, sequence: 3, damage: 'edited' });
  });

  test('when record 6 is deleted, then sequence 6 is reported as deleted', async () => {
    attacker((db) => db.exec('DELETE FROM audit_log WHERE sequence = 6'));
    const { code, verdict } = await verify();
    expect(code).toBe(3);
    expect(verdict).toMatchObject({ intact: false, sequence: 6, damage: 'deleted' });
  });

  test('when records 4 and 5 swap places, then sequence 4 is reported as reordered', async () => {
    attacker((db) =>
      db.exec(`UPDATE audit_log SET sequence = -4 WHERE sequence = 4;
               UPDATE audit_log SET sequence = 4 WHERE sequence = 5;
               UPDATE audit_log SET sequence = 5 WHERE sequence = -4;`),
    );
    const { code, verdict } = await verify();
    expect(code).toBe(3);
    expect(verdict).toMatchObject({ intact: false, sequence: 4, damage: 'reordered' });
  });

  test('when the tail after record 7 is cut, then the signed checkpoint at 10 reports sequence 8 truncated', async () => {
    attacker((db) => db.exec('DELETE FROM audit_log WHERE sequence > 7'));
    const { code, stdout, verdict } = await verify();
    expect(code).toBe(3);
    expect(stdout).toMatch(/^DAMAGED at sequence 8: truncated/);
    expect(verdict).toMatchObject({ intact: false, sequence: 8, damage: 'truncated' });
  });

  test('when records are added and a checkpoint is forged for them with another key, then that checkpoint is reported', async () => {
    const forgerKey = generateKeyPairSync('ed25519').privateKey;
    const directory = new CheckpointDirectory(fixture.config.audit.checkpointDir);
    let head = '';
    attacker((db) => {
      const last = toAuditRecord(db.prepare('SELECT * FROM audit_log WHERE sequence = 10').get() as AuditRow);
      const forged = sealAuditRecord(entry(11), { sequence: 11, id: 'forged', creationTime: new Date().toISOString(), previousHash: last.hash });
      db.prepare(
        `INSERT INTO audit_log (sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters, result_status,
          tenant_id, request_id, request_hash, previous_hash, hash) VALUES (@sequence, @id, @creationTime, @operation, @userId,
          @actorObjectId, @objectId, @parameters, @resultStatus, @tenantId, @requestId, @requestHash, @previousHash, @hash)`,
      ).run({ ...forged, parameters: JSON.stringify(forged.parameters) });
      head = forged.hash;
    });
    const previous = directory.list().at(-1)!;
    directory.append(signCheckpoint({ sequence: 11, headHash: head, previousSignature: previous.signature, time: new Date().toISOString() }, forgerKey));
    const { code, stdout, verdict } = await verify();
    expect(code).toBe(3);
    expect(stdout).toMatch(/^DAMAGED at sequence 11: forged-checkpoint/);
    expect(verdict).toMatchObject({ intact: false, sequence: 11, damage: 'forged-checkpoint' });
  });

  test('when a genuine checkpoint file is edited to vouch for another head, then it is reported as forged', async () => {
    const file = join(fixture.config.audit.checkpointDir, 'checkpoint-0000000001.json');
    const checkpoint = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...checkpoint, headHash: GENESIS_HASH }));
    const { code, verdict } = await verify();
    expect(code).toBe(3);
    expect(verdict).toMatchObject({ intact: false, sequence: 5, damage: 'forged-checkpoint' });
  });

  test('when records 7 to 10 are rewritten and re-chained with fresh hashes, then the checkpoints expose it from 6', async () => {
    attacker((db) => {
      const rows = (db.prepare('SELECT * FROM audit_log WHERE sequence >= 6 ORDER BY sequence').all() as AuditRow[]).map(toAuditRecord);
      let previousHash = rows[0].hash;
      for (const record of rows.slice(1)) {
        const { sequence, id, creationTime, hash: _h, previousHash: _p, ...body } = record;
        const resealed = sealAuditRecord({ ...body, objectId: 'mallory@contoso.com' }, { sequence, id, creationTime, previousHash });
        db.prepare('UPDATE audit_log SET object_id = ?, previous_hash = ?, hash = ? WHERE sequence = ?').run(resealed.objectId, resealed.previousHash, resealed.hash, sequence);
        previousHash = resealed.hash;
      }
    });
    const { code, verdict } = await verify();
    expect(code).toBe(3);
    expect(verdict).toMatchObject({ intact: false, sequence: 6, damage: 'edited' });
  });

  test('when verifying from the last checkpoint, then only later records are walked and damage there is found', async () => {
    await fixture.append(11, 13);
    expect(await verify('--from-checkpoint')).toMatchObject({ code: 0, verdict: { intact: true, records: 3, startedAfter: 10 } });
    attacker((db) => db.exec("UPDATE audit_log SET user_id = 'Mallory' WHERE sequence = 12"));
    expect((await verify('--from-checkpoint')).verdict).toMatchObject({ intact: false, sequence: 12, damage: 'edited' });
  });

  test('when the checkpoints are not verifiable because the public key is missing, then verify refuses rather than skip them (the CLI exits 1)', async () => {
    const env = { ...fixture.env, VOICEOPS_AUDIT_PUBLIC_KEY: join(fixture.dataDir, 'nowhere.pub') };
    const { runAuditCli } = await import('../../src/audit/audit-cli');
    await expect(runAuditCli(['verify'], { env, stdout: () => undefined, stderr: () => undefined })).rejects.toThrow(/no public key/);
  });
});
