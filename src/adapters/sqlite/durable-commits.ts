import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** How the write-ahead log reaches the disk: injected so tests can hold a sync back or make it fail. */
export interface WalFile {
  /** Flushes the WAL off the event loop; resolves once every commit made before the call is on disk. */
  sync(): Promise<void>;
  /** The same, blocking: for the rare writes that must be durable before the caller's next statement. */
  syncNow(): void;
  close(): void;
}

/** For a database SQLite syncs itself (in memory, or where WAL mode is unavailable and synchronous=FULL applies). */
export const NOTHING_TO_SYNC: WalFile = { sync: async () => {}, syncNow: () => {}, close: () => {} };

/**
 * The `-wal` file of a database in WAL mode, opened on first use. SQLite keeps that file (same inode) while any
 * connection is open, so one descriptor serves every sync; fdatasync on it flushes whatever any process wrote.
 */
export function walFileOf(databasePath: string): WalFile {
  let fd: number | undefined;
  const open = () => (fd ??= openSync(`${databasePath}-wal`, 'r'));
  return {
    sync: () => new Promise<void>((resolve, reject) => fdatasync(open(), (error) => (error ? reject(error) : resolve()))),
    syncNow: () => fdatasyncSync(open()),
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** After a failed fsync the kernel may have dropped the unwritten pages: nothing written since can be trusted. */
export class DurabilityLostError extends Error {
  constructor(cause: unknown) {
    super(`The database could not be flushed to disk (${cause instanceof Error ? cause.message : String(cause)}); restart voiceops once the disk is healthy.`, { cause });
    this.name = 'DurabilityLostError';
  }
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Durable commits without blocking the event loop on the disk. The connection runs with synchronous=NORMAL, so a
 * commit only writes the WAL; the caller's promise settles after an fdatasync of the WAL on libuv's thread pool
 * (group commit: one sync covers every commit made before it started, and commits made while one is running share
 * the next). Nothing is reported written before it is on disk, so an execution never starts ahead of its durable
 * audit record; WAL frames are ordered, so a durable record implies every earlier one is durable too.
 */
export class DurableCommits {
  private syncing = false;
  private waitingForNextSync: Waiter[] = [];
  private idleWaiters: (() => void)[] = [];
  private lost: DurabilityLostError | undefined;
  // Prepared once: db.transaction(work) builds four wrapper functions per call, ~10 % of an audit append.
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly wal: WalFile,
  ) {
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
  }

  /** Runs `work` in its own IMMEDIATE transaction; settles once that commit is on disk. */
  write<T>(work: () => T): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    let value: T;
    try {
      value = this.transaction(work);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.durable().then(() => value);
  }

  /** The same, durable before it returns: blocks the event loop for one fsync, as synchronous=FULL would. */
  writeNow<T>(work: () => T): T {
    if (this.lost) throw this.lost;
    const value = this.transaction(work);
    this.syncNow();
    return value;
  }

  /** Throws once a sync has failed: the store then answers nothing until it is restarted. */
  assertDurable(): void {
    if (this.lost) throw this.lost;
  }

  /** Makes what was committed outside write() (migrations at open) durable, blocking. */
  syncNow(): void {
    try {
      this.wal.syncNow();
    } catch (error) {
      this.lost = new DurabilityLostError(error);
      throw this.lost;
    }
  }

  /** Resolves once no write is waiting for the disk; the store awaits it before closing. */
  idle(): Promise<void> {
    if (!this.syncing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    this.wal.close();
  }

  // BEGIN IMMEDIATE takes the write lock up front, so writers across processes queue instead of failing to upgrade.
  private transaction<T>(work: () => T): T {
    this.begin.run();
    try {
      const value = work();
      this.commit.run();
      return value;
    } catch (error) {
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }

  private durable(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waitingForNextSync.push({ resolve, reject });
      // A sync already running may have started before this commit reached the WAL: the next one covers it.
      if (!this.syncing) this.startSync();
    });
  }

  private startSync(): void {
    this.syncing = true;
    const covered = this.waitingForNextSync;
    this.waitingForNextSync = [];
    this.wal.sync().then(
      () => {
        for (const waiter of covered) waiter.resolve();
        this.afterSync();
      },
      (error: unknown) => {
        this.lost = new DurabilityLostError(error);
        for (const waiter of [...covered, ...this.waitingForNextSync]) waiter.reject(this.lost);
        this.waitingForNextSync = [];
        this.afterSync();
      },
    );
  }

  private afterSync(): void {
    this.syncing = false;
    if (this.waitingForNextSync.length > 0) return this.startSync();
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
