import { SqliteAuditSource } from '../../src/adapters/sqlite/sqlite-audit-source';
import { loadPublicKey } from '../../src/audit/audit-keys';
import { CheckpointDirectory } from '../../src/audit/checkpoint-directory';
import { verifyAudit } from '../../src/audit/verify-audit';
import { verifyAuditInParallel } from '../../src/audit/verify-audit-parallel';
import { AuditFixture } from './support/audit-fixture';

// 120 records with signed checkpoints at 40 and 100, verified on 3 worker threads (slices 1–40, 41–80, 81–120).
// Whatever was done to the file, the parallel verdict must be the one the single-threaded walk gives.
let fixture: AuditFixture;

beforeEach(async () => {
  fixture = new AuditFixture();
  expect((await fixture.cli('init')).code).toBe(0);
  await fixture.append(1, 40);
  expect((await fixture.cli('checkpoint')).code).toBe(0);
  await fixture.append(41, 100);
  expect((await fixture.cli('checkpoint')).code).toBe(0);
  await fixture.append(101, 120);
}, 60_000);

afterEach(() => fixture.remove());


async function bothVerdicts() {
  const checkpoints = new CheckpointDirectory(fixture.config.audit.checkpointDir).list();
  const publicKey = loadPublicKey(fixture.config.audit.publicKeyFile);
  const parallel = await verifyAuditInParallel({ databasePath: fixture.databasePath, checkpoints, publicKey, workers: 3, minRecordsPerWorker: 10 });
  const source = new SqliteAuditSource(fixture.databasePath);
  try {
    return { parallel, serial: verifyAudit({ source, checkpoints, publicKey }) };
  } finally {
    source.close();
  }
}

describe('audit verify on worker threads', () => {
  test('when the chain is intact, then the slices join into the same verdict as one walk', async () => {
    const { parallel, serial } = await bothVerdicts();
    expect(parallel).toMatchObject({ intact: true, records: 120, headSequence: 120, checkpointsMatched: 2, threads: 3 });
    expect({ ...parallel, threads: 1 }).toEqual(serial);
  });

  test.each([
    ['a record inside a slice is edited', "UPDATE audit_log SET user_id = 'Mallory' WHERE sequence = 57", { damage: 'edited', sequence: 57 }],
    ['the first record of a slice is deleted', 'DELETE FROM audit_log WHERE sequence = 41', { damage: 'deleted', sequence: 41 }],
    ['the last record of a slice is deleted', 'DELETE FROM audit_log WHERE sequence = 80', { damage: 'deleted', sequence: 80 }],
    [
      'two records either side of a slice boundary are swapped',
      'UPDATE audit_log SET sequence = -1 WHERE sequence = 80; UPDATE audit_log SET sequence = 80 WHERE sequence = 81; UPDATE audit_log SET sequence = 81 WHERE sequence = -1;',
      { damage: 'reordered', sequence: 80 },
    ],
    ['the tail past a checkpoint is cut', 'DELETE FROM audit_log WHERE sequence > 90', { damage: 'truncated', sequence: 91 }],
  ])('when %s, then the verdict is the single-threaded one', async (_name, sql, expected) => {
    fixture.asAttacker((db) => db.exec(sql));
    const { parallel, serial } = await bothVerdicts();
    expect(serial).toMatchObject({ intact: false, ...expected });
    expect(parallel).toEqual(serial);
  });

  test('when the chain is short, then it is walked on one thread and gives the same verdict', async () => {
    const checkpoints = new CheckpointDirectory(fixture.config.audit.checkpointDir).list();
    const publicKey = loadPublicKey(fixture.config.audit.publicKeyFile);
    const verdict = await verifyAuditInParallel({ databasePath: fixture.databasePath, checkpoints, publicKey });
    expect(verdict).toMatchObject({ intact: true, records: 120, checkpointsMatched: 2, threads: 1 });
  });
});
