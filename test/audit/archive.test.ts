import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AuditFixture } from './support/audit-fixture';

// Retention: old records move to a file and the database keeps an anchor that a signed checkpoint vouches for.
describe('voiceops audit archive', () => {
  let fixture: AuditFixture;
  const archiveDir = () => join(fixture.dataDir, 'archive');

  beforeEach(async () => {
    fixture = new AuditFixture();
    await fixture.cli('init');
    await fixture.append(1, 5, () => new Date('2026-01-10T08:00:00Z'));
    await fixture.cli('checkpoint');
    await fixture.append(6, 8, () => new Date('2026-06-10T08:00:00Z'));
    await fixture.cli('checkpoint');
  });
  afterEach(() => fixture.remove());

  test('when records older than a date are archived, then they leave for a file, and both the file and the database still verify', async () => {
    const archived = await fixture.cli('archive', '--before', '2026-03-01', '--out', archiveDir());
    expect(archived).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Archived 5 records \(through 5\) to .*audit-archive-0000000001-0000000005\.jsonl/) });
    const file = join(archiveDir(), 'audit-archive-0000000001-0000000005.jsonl');
    expect(existsSync(file)).toBe(true);

    const verified = await fixture.cli('verify');
    expect(verified).toMatchObject({ code: 0, stdout: expect.stringMatching(/^INTACT: 3 records \(6 to 8\)/) });
    expect(await fixture.cli('verify', '--archive', file)).toMatchObject({ code: 0, stdout: expect.stringContaining('INTACT: 5 records') });

    // The chain goes on from the anchor.
    await fixture.append(9, 9);
    expect((await fixture.cli('verify')).stdout).toMatch(/^INTACT: 4 records \(6 to 9\)/);
  });

  test('when no signed checkpoint lies before the date, then nothing is archived', async () => {
    expect(await fixture.cli('archive', '--before', '2026-01-01', '--out', archiveDir())).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Nothing archived: no signed checkpoint covers records older than 2026-01-01/),
    });
  });

  test('when someone deletes old records and plants an anchor no checkpoint vouches for, then verify reports the deletion from 1', async () => {
    const db = new Database(fixture.databasePath);
    const row = db.prepare('SELECT hash FROM audit_log WHERE sequence = 6').get() as { hash: string };
    db.prepare("INSERT INTO audit_anchor VALUES (1, 6, ?, '2026-07-01T00:00:00Z', 'made-up.jsonl')").run(row.hash);
    db.exec('DELETE FROM audit_log WHERE sequence <= 6');
    db.close();
    const verified = await fixture.cli('verify');
    expect(verified).toMatchObject({ code: 3, stdout: expect.stringMatching(/^DAMAGED at sequence 1: deleted\. records 1 to 6 are gone and no signed checkpoint vouches/) });
  });

  test('when someone tries to delete records that were not archived, then the database refuses', async () => {
    const db = new Database(fixture.databasePath);
    expect(() => db.exec('DELETE FROM audit_log WHERE sequence = 2')).toThrow(/audit records leave only through an archive/);
    expect(() => db.exec("UPDATE audit_log SET user_id = 'x' WHERE sequence = 2")).toThrow(/append-only/);
    db.close();
  });
});
