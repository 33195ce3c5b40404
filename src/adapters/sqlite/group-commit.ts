import type Database from 'better-sqlite3';

interface Queued {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one SQLite connection. Every durable commit costs an fsync that blocks the event loop; under
 * load several turns finish their work in the same event-loop turn and would each pay it. The first write of a
 * loop turn commits at once (a lone write waits for nothing); writes made later in that same turn queue and
 * commit together when it ends (setImmediate), in one IMMEDIATE transaction with a savepoint each, so one fsync
 * covers them all and a write that throws undoes only its own changes. Each caller's promise settles only after
 * its transaction committed: nothing is reported written before it is on disk.
 */
export class GroupCommit {
  private queued: Queued[] = [];
  private turnHasCommitted = false;

  constructor(private readonly db: Database.Database) {}

  write<T>(work: () => T): Promise<T> {
    if (this.turnHasCommitted) {
      return new Promise<T>((resolve, reject) => this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject }));
    }
    this.turnHasCommitted = true;
    setImmediate(() => this.flush());
    try {
      return Promise.resolve(this.db.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Commits what is queued now; the store calls it before closing, so no accepted write is dropped. */
  flush(): void {
    this.turnHasCommitted = false;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.db
        .transaction(() => {
          for (const { work } of batch) {
            try {
              // Nested in the batch's transaction, better-sqlite3 runs this in a savepoint, rolled back if it throws.
              outcomes.push({ ok: true, value: this.db.transaction(work)() });
            } catch (error) {
              outcomes.push({ ok: false, value: error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: none of the batch is written.
      for (const queued of batch) queued.reject(error);
      return;
    }
    batch.forEach((queued, i) => (outcomes[i].ok ? queued.resolve(outcomes[i].value) : queued.reject(outcomes[i].value)));
  }
}
