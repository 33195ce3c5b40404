import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from '../../src/adapters/sqlite/group-commit';

/** What another process sees: a second connection to the same file, which reads only committed rows. */
describe('group commit on a real SQLite file', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  let commits: GroupCommit;
  const insert = (name: string) => {
    const statement = db.prepare('INSERT INTO things (name) VALUES (?)');
    return () => statement.run(name).lastInsertRowid;
  };
  const committed = () => (other.prepare('SELECT name FROM things ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceops-group-commit-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    other = new Database(join(dir, 'db.sqlite'), { readonly: true });
    commits = new GroupCommit(db);
  });
  afterEach(() => {
    commits.flush();
    db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a lone write commits before write() returns', () => {
    void commits.write(insert('first'));
    expect(committed()).toEqual(['first']);
  });

  test('writes made later in the same event-loop turn commit together, after the first, and each caller gets its own result', async () => {
    const seenByOthers: string[][] = [];
    const first = commits.write(insert('first'));
    const second = commits.write(insert('second'));
    const third = commits.write(() => {
      seenByOthers.push(committed()); // inside the batch: the second row is written but not yet committed
      return insert('third')();
    });
    expect(committed()).toEqual(['first']);
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(seenByOthers).toEqual([['first']]);
    expect(committed()).toEqual(['first', 'second', 'third']);
  });

  test('a write that throws in a batch undoes only its own changes and rejects only its caller', async () => {
    void commits.write(insert('first'));
    const failing = commits.write(() => {
      insert('half-done')();
      throw new Error('refused midway');
    });
    const after = commits.write(insert('after'));
    await expect(failing).rejects.toThrow('refused midway');
    await expect(after).resolves.toBe(2); // the rolled-back row's id is free again
    expect(committed()).toEqual(['first', 'after']);
  });

  test('when the batch cannot commit, every write in it is rejected and none is stored', async () => {
    void commits.write(insert('first'));
    const batch = [commits.write(insert('second')), commits.write(insert('third'))];
    // The connection goes away before the end of the turn (a store closed without flushing), so BEGIN fails.
    db.close();
    for (const write of batch) await expect(write).rejects.toThrow(/not open/);
    db = new Database(join(dir, 'db.sqlite'));
    expect(committed()).toEqual(['first']);
  });

  test('the next event-loop turn starts with an immediate commit again', async () => {
    await commits.write(insert('first'));
    await commits.write(insert('queued'));
    await new Promise((resolve) => setImmediate(resolve));
    void commits.write(insert('next turn'));
    expect(committed()).toEqual(['first', 'queued', 'next turn']);
  });

  test('flush commits what is queued, as the store does before closing', () => {
    void commits.write(insert('first'));
    void commits.write(insert('queued'));
    commits.flush();
    expect(committed()).toEqual(['first', 'queued']);
  });
});
