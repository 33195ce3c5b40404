import { verifyAuditChain } from '../../src/domain/audit/audit-record';
import { Cluster } from './support/cluster';
import { readTenant, upnOf } from './support/tenant';

// 500 by default, as the issue asks; VOICEOPS_SCALE_REQUESTS lowers it for a quick local run.
const REQUESTS = Number(process.env.VOICEOPS_SCALE_REQUESTS ?? 500);
// Each round gives each of these users a new number, so requests in a round never touch the same user.
const USERS = 10;
// Conversations in flight at once; the simulated tenant serialises its calls through one lock file.
const PARALLEL = 6;
const numberOf = (index: number) => `+1425600${String(index).padStart(4, '0')}`;

describe('two bot replicas and two workers as separate processes', () => {
  const cluster = new Cluster();
  let replicas: string[] = [];

  beforeAll(async () => {
    await cluster.start({ users: USERS });
    replicas = (await Promise.all([cluster.replica('replica-a'), cluster.replica('replica-b')])).map((r) => r.url);
    await Promise.all([cluster.worker('worker-1', { leaseMs: 10_000, settleMs: 60_000 }), cluster.worker('worker-2', { leaseMs: 10_000, settleMs: 60_000 })]);
  }, 180_000);

  afterAll(async () => {
    await cluster.stop();
  }, 60_000);

  test(`${REQUESTS} requests approved through alternating replicas all execute exactly once, and tenant and audit agree`, async () => {
    const started = Date.now();
    const ids: number[] = [];
    for (let round = 0; round * USERS < REQUESTS; round += 1) {
      const indexes = Array.from({ length: Math.min(USERS, REQUESTS - round * USERS) }, (_, u) => round * USERS + u);
      const roundIds = await inParallel(PARALLEL, indexes, async (i) => {
          // Filed through one replica, approved through the other: neither holds any state the other lacks.
          const { requestId, nonce } = await cluster.file(replicas[i % 2], `enable voice ${upnOf(i % USERS)} ${numberOf(i)}`);
          const answer = await cluster.approve(replicas[(i + 1) % 2], requestId, nonce);
          expect(answer).toContain('Approved by Adele Vance');
          return requestId;
      });
      ids.push(...roundIds);
      const settled = await cluster.settled(roundIds, 300_000);
      expect(settled.filter((r) => r.state !== 'succeeded').map((r) => [r.id, r.state, r.result?.message])).toEqual([]);
    }
    const elapsedMs = Date.now() - started;

    const jobs = await cluster.queue.jobs();
    expect(jobs).toHaveLength(REQUESTS);
    expect(jobs.every((j) => j.state === 'done' && j.starts === 1 && j.outcome === 'succeeded')).toBe(true);
    expect(new Set(jobs.map((j) => j.workerId))).toEqual(new Set(['worker-1', 'worker-2']));

    const audit = await cluster.store.auditRecords();
    expect(verifyAuditChain(audit)).toMatchObject({ intact: true, records: REQUESTS * 6 });
    for (const id of ids) {
      expect(audit.filter((r) => r.requestId === id).map((r) => r.operation)).toEqual([
        'RequestCreated',
        'ApprovalGranted',
        'RequestApproved',
        'ExecutionStarted',
        'ExecutionFinished',
        'ChangeVerified',
      ]);
    }

    // Each change ran in exactly one worker process, once: the workers' own logs name every request once in all.
    const ran = cluster.processes
      .flatMap((p) => p.lines)
      .filter((l) => l.message === 'job finished')
      .map((l) => Number(l.requestId));
    expect(ran.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

    const tenant = readTenant(cluster.tenantPath);
    const lastRound = Math.ceil(REQUESTS / USERS) - 1;
    for (let u = 0; u < Math.min(USERS, REQUESTS); u += 1) {
      const i = lastRound * USERS + u < REQUESTS ? lastRound * USERS + u : (lastRound - 1) * USERS + u;
      const user = tenant.users.find((x) => x.UserPrincipalName === upnOf(u))!;
      expect([user.UserPrincipalName, user.EnterpriseVoiceEnabled, user.OnPremLineURI]).toEqual([upnOf(u), true, `tel:${numberOf(i)}`]);
    }
    // The audit's last verified change per user names the number the tenant holds.
    const lastVerified = new Map<string, unknown>();
    for (const record of audit) if (record.operation === 'ChangeVerified') lastVerified.set(record.objectId, record.parameters.number);
    for (const user of tenant.users) expect(`tel:${String(lastVerified.get(user.UserPrincipalName))}`).toBe(user.OnPremLineURI);

    // Each requester was told once, by whichever replica claimed the announcement.
    await Promise.all(ids.map((id) => cluster.told(id)));
    const told = cluster.connector.texts().filter((t) => /^#\d+ enable voice .*: Succeeded and verified/.test(t));
    expect(told).toHaveLength(REQUESTS);
    expect(new Set(told.map((t) => /^#(\d+)/.exec(t)![1])).size).toBe(REQUESTS);
    process.stdout.write(`scale-out: ${REQUESTS} requests filed, approved and executed in ${elapsedMs} ms (${Math.round(elapsedMs / REQUESTS)} ms each)\n`);
  }, 3_600_000);
});

async function inParallel<T, R>(limit: number, items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}
