import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DurabilityLostError, DurableCommits, type WalFile, walFileOf } from '../../src/adapters/sqlite/durable-commits';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { entry, newRequest } from './store-contract';
import { readiness, storeCheck } from '../../src/observability/readiness';

/** A WAL file whose syncs finish (or fail) only when the test says so, and which counts them. */
class HeldWal implements WalFile {
  readonly pending: { finish(): void; fail(error: Error): void }[] = [];
  blockingSyncs = 0;
  closed = false;

  sync(): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ finish: resolve, fail: reject }));
  }

  syncNow(): void {
    this.blockingSyncs += 1;
  }

  close(): void {
    this.closed = true;
  }

  /** Finishes the oldest sync still running and lets its callers' promises settle. */
  async finishNext(): Promise<void> {
    this.pending.shift()?.finish();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

/** What another process sees: a second connection to the same file, which reads only committed rows. */
describe('durable commits on a real SQLite file', () => {
  let dir: string;
  let db: Database.Database;
  let other: Database.Database;
  let wal: HeldWal;
  let commits: DurableCommits;
  const insert = (name: string) => {
    const statement = db.prepare('INSERT INTO things (name) VALUES (?)');
    return () => statement.run(name).lastInsertRowid;
  };
  const committed = () => (other.prepare('SELECT name FROM things ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceops-durable-commits-'));
    db = new Database(join(dir, 'db.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    other = new Database(join(dir, 'db.sqlite'), { readonly: true });
    wal = new HeldWal();
    commits = new DurableCommits(db, wal);
  });
  afterEach(() => {
    while (wal.pending.length > 0) wal.pending.shift()?.finish();
    if (db.open) db.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a write commits at once but is reported done only after the WAL sync that follows its commit', async () => {
    const write = commits.write(insert('first'));
    expect(committed()).toEqual(['first']);
    expect(wal.pending).toHaveLength(1);
    expect(await settled(write)).toBe(false);
    await wal.finishNext();
    await expect(write).resolves.toBe(1);
  });

  test('commits made while a sync runs wait for the next one, and share it', async () => {
    const first = commits.write(insert('first'));
    const second = commits.write(insert('second'));
    const third = commits.write(insert('third'));
    expect(wal.pending).toHaveLength(1); // the running sync may have started before the second and third commits

    await wal.finishNext();
    await expect(first).resolves.toBe(1);
    expect(await settled(second)).toBe(false);
    expect(wal.pending).toHaveLength(1); // one more sync, for both

    await wal.finishNext();
    expect(await Promise.all([second, third])).toEqual([2, 3]);
    expect(wal.pending).toHaveLength(0);
  });

  test('a write that throws undoes its own changes, rejects its caller and leaves the others alone', async () => {
    const before = commits.write(insert('before'));
    const failing = commits.write(() => {
      insert('half-done')();
      throw new Error('refused midway');
    });
    await expect(failing).rejects.toThrow('refused midway');
    const after = commits.write(insert('after'));
    await wal.finishNext();
    await wal.finishNext();
    await expect(before).resolves.toBe(1);
    await expect(after).resolves.toBe(2); // the rolled-back row's id is free again
    expect(committed()).toEqual(['before', 'after']);
  });

  test('a failed sync rejects every write waiting for the disk, and no write is committed after it', async () => {
    const first = commits.write(insert('first'));
    const second = commits.write(insert('second'));
    wal.pending.shift()?.fail(new Error('EIO: i/o error, fdatasync'));
    await expect(first).rejects.toThrow(DurabilityLostError);
    await expect(second).rejects.toThrow(/could not be flushed to disk \(EIO/);

    await expect(commits.write(insert('later'))).rejects.toThrow(DurabilityLostError);
    expect(() => commits.writeNow(insert('later, blocking'))).toThrow(DurabilityLostError);
    expect(committed()).toEqual(['first', 'second']);
  });

  test('writeNow syncs before it returns', () => {
    expect(commits.writeNow(insert('urgent'))).toBe(1);
    expect(wal.blockingSyncs).toBe(1);
    expect(wal.pending).toHaveLength(0);
  });

  test('idle() waits for the writes still waiting for the disk', async () => {
    const write = commits.write(insert('first'));
    const idle = commits.idle();
    expect(await settled(idle)).toBe(false);
    await wal.finishNext();
    await expect(idle).resolves.toBeUndefined();
    await expect(write).resolves.toBe(1);
    await expect(commits.idle()).resolves.toBeUndefined();
  });
});

describe('the WAL file of a real database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'voiceops-wal-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('syncs while the database is open, and fails loudly when there is no WAL to sync', async () => {
    const path = join(dir, 'db.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE things (name TEXT)');
    const wal = walFileOf(path);
    await expect(wal.sync()).resolves.toBeUndefined();
    expect(() => wal.syncNow()).not.toThrow();
    wal.close();
    db.close();

    await expect(walFileOf(join(dir, 'never-opened.sqlite')).sync()).rejects.toThrow(/ENOENT/);
  });

  test('after a failed sync the store answers nothing, and readiness says so', async () => {
    const path = join(dir, 'voiceops.sqlite');
    let failing = false;
    const real = walFileOf(path);
    const store = new SqliteStore(path, undefined, {
      walFile: () => ({ ...real, sync: () => (failing ? Promise.reject(new Error('EIO: i/o error, fdatasync')) : real.sync()) }),
    });
    const kept = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
    expect(await readiness([storeCheck(store)])).toMatchObject({ ready: true });

    failing = true;
    await expect(store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id))).rejects.toThrow(DurabilityLostError);
    await expect(store.getRequest(kept.id)).rejects.toThrow(/restart voiceops once the disk is healthy/);
    await expect(store.queryAudit({ limit: 10 })).rejects.toThrow(DurabilityLostError);
    const ready = await readiness([storeCheck(store)]);
    expect(ready.ready).toBe(false);
    expect(ready.checks.store.detail).toMatch(/could not be flushed to disk/);
    await store.close();
  });

  test('a store on a file syncs its writes for real and keeps them across a reopen', async () => {
    const path = join(dir, 'voiceops.sqlite');
    const store = new SqliteStore(path);
    const filed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.createRequest(newRequest({ parameters: { user: 'alice@contoso.com', number: `+1425555${String(i).padStart(4, '0')}` } }), (r) => entry('RequestCreated', r.id)),
      ),
    );
    expect(new Set(filed.map((r) => r.id)).size).toBe(20);
    await store.close();
    const reopened = new SqliteStore(path);
    expect(await reopened.findRequests({ limit: 100 })).toHaveLength(20);
    expect((await reopened.auditRecords()).map((r) => r.operation)).toEqual(Array(20).fill('RequestCreated'));
    await reopened.close();
  });
});
