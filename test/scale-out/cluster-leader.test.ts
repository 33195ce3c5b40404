import { Client } from 'pg';
import { silentLogger } from '../../src/logging/logger';
import { ClusterLeader } from '../../src/scale-out/cluster-leader';
import { freshDatabase } from '../support/postgres';

const LOCK = 4242;

describe('cluster timers run on one replica', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeEach(async () => {
    database = await freshDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  function replica(name: string, ran: string[]): ClusterLeader {
    return new ClusterLeader({ connectionString: database.url, lockKey: LOCK, intervalMs: 1000, logger: silentLogger }).every('expire approvals', async () => {
      ran.push(name);
    });
  }

  test('of three replicas ticking together, exactly one runs the timers each time', async () => {
    const ran: string[] = [];
    const replicas = ['a', 'b', 'c'].map((name) => replica(name, ran));
    for (let round = 0; round < 5; round += 1) await Promise.all(replicas.map((r) => r.tick()));
    expect(ran).toHaveLength(5);
    expect(new Set(ran).size).toBe(1);
    expect(replicas.filter((r) => r.isLeader())).toHaveLength(1);
    await Promise.all(replicas.map((r) => r.stop()));
  });

  test('when the leader\'s connection dies, another replica takes over at its next tick', async () => {
    const ran: string[] = [];
    const [a, b] = [replica('a', ran), replica('b', ran)];
    await a.tick();
    await b.tick();
    expect(ran).toEqual(['a']);

    // What a crashed replica looks like to PostgreSQL: its session ends, and the advisory lock goes with it.
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted",
      [LOCK],
    );
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 300));

    await b.tick();
    await a.tick();
    expect(ran).toEqual(['a', 'b']);
    expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
    await Promise.all([a.stop(), b.stop()]);
  });
});
