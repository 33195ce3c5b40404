import { Pool } from 'pg';
import { PostgresJobQueue } from '../../src/adapters/postgres/job-queue';
import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { seedQueuedJobs } from './support/seed-jobs';

const JOBS = 10_000;
const WORKERS = 8;

// Claim-only (no pwsh): eight workers, each on its own connection, drain one queue as fast as they can.
describe('8 workers racing for 10,000 queued jobs', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let store: PostgresStore;

  beforeAll(async () => {
    database = await freshDatabase();
    store = await PostgresStore.open({ connectionString: database.url });
    await seedQueuedJobs(store.pool, JOBS);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  test('each job is claimed exactly once, every job finishes, and no transaction deadlocks', async () => {
    const deadlocksBefore = await deadlocks(store.pool);
    const pools = Array.from({ length: WORKERS }, () => new Pool({ connectionString: database.url, max: 1 }));
    const started = Date.now();
    const claimedBy = await Promise.all(
      pools.map(async (pool, worker) => {
        const queue = new PostgresJobQueue(pool);
        const mine: number[] = [];
        for (;;) {
          const job = await queue.claimNext(`worker-${worker}`, ['teams'], 30_000);
          if (!job) return mine;
          mine.push(job.id);
          expect(await queue.finish(job, 'done', 'succeeded')).toBe(true);
        }
      }),
    );
    const elapsedMs = Date.now() - started;
    await Promise.all(pools.map((pool) => pool.end()));

    const all = claimedBy.flat();
    expect(all).toHaveLength(JOBS);
    expect(new Set(all).size).toBe(JOBS);
    // Every worker got a share: the claims really raced rather than one worker draining the queue alone.
    expect(claimedBy.every((mine) => mine.length > 0)).toBe(true);
    const { rows } = await store.pool.query<{ state: string; starts: number; n: string }>(
      'SELECT state, starts, COUNT(*) AS n FROM jobs GROUP BY state, starts',
    );
    expect(rows.map((r) => [r.state, r.starts, Number(r.n)])).toEqual([['done', 1, JOBS]]);
    expect(await deadlocks(store.pool)).toBe(deadlocksBefore);
    process.stdout.write(`claim race: ${JOBS} jobs by ${WORKERS} workers in ${elapsedMs} ms (${claimedBy.map((m) => m.length).join('/')})\n`);
  }, 180_000);
});

async function deadlocks(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ deadlocks: string }>('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0].deadlocks);
}
