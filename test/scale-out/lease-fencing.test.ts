import { PostgresJobQueue } from '../../src/adapters/postgres/job-queue';
import { FencedWriteError, PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { entry } from '../store/store-contract';
import { seedQueuedJobs } from './support/seed-jobs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lease expiry and fencing', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let store: PostgresStore;
  let queue: PostgresJobQueue;

  beforeEach(async () => {
    database = await freshDatabase();
    store = await PostgresStore.open({ connectionString: database.url });
    queue = new PostgresJobQueue(store.pool);
  });

  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  test('a worker whose lease expired is fenced: its result, renewal and request writes change no row', async () => {
    await seedQueuedJobs(store.pool, 1);
    const stale = (await queue.claimNext('worker-a', ['teams'], 300))!;
    expect(stale).toMatchObject({ state: 'started', starts: 1, fence: 1 });
    expect(await store.fencedBy(stale).transition(stale.requestId, ['approved'], 'running', entry('ExecutionStarted', stale.requestId))).toBe(true);

    await sleep(500);
    const expired = await queue.expireLeases();
    expect(expired.map((j) => [j.id, j.state, j.fence])).toEqual([[stale.id, 'unknown', 2]]);
    const reconciler = (await queue.claimUnknown('worker-b', ['teams'], 30_000, 0))!;
    expect(reconciler).toMatchObject({ id: stale.id, state: 'reconciling', fence: 3, starts: 1 });

    const auditBefore = await store.auditRecords();
    const requestBefore = await store.getRequest(stale.requestId);
    expect(await queue.renew(stale, 30_000)).toBe(false);
    expect(await queue.finish(stale, 'done', 'succeeded')).toBe(false);
    const result = { succeeded: true, verified: true, message: 'stale', after: [], mismatches: [] };
    await expect(
      store.fencedBy(stale).transition(stale.requestId, ['running'], 'succeeded', entry('ChangeVerified', stale.requestId), { result }),
    ).rejects.toBeInstanceOf(FencedWriteError);
    await expect(store.fencedBy(stale).appendAudit(entry('ExecutionFinished', stale.requestId))).rejects.toBeInstanceOf(FencedWriteError);

    expect(await store.getRequest(stale.requestId)).toEqual(requestBefore);
    expect(await store.auditRecords()).toEqual(auditBefore);
    expect(await queue.jobOfRequest(stale.requestId)).toMatchObject({ state: 'reconciling', fence: 3, workerId: 'worker-b' });

    // The current holder's writes still count.
    expect(await store.fencedBy(reconciler).transition(stale.requestId, ['running'], 'succeeded', entry('ChangeVerified', stale.requestId), { result })).toBe(true);
    expect(await queue.finish(reconciler, 'done', 'succeeded')).toBe(true);
  });

  test('when a result write races the lease expiry, exactly one of them wins for every job', async () => {
    const count = 200;
    await seedQueuedJobs(store.pool, count);
    const held = [];
    for (let i = 0; i < count; i += 1) held.push((await queue.claimNext('worker-a', ['teams'], 200))!);
    await sleep(400);
    const [finished, expired] = await Promise.all([
      Promise.all(held.map((job) => queue.finish(job, 'done', 'succeeded'))),
      Promise.all([queue.expireLeases(), queue.expireLeases()]).then((runs) => runs.flat()),
    ]);
    const expiredIds = new Set(expired.map((j) => j.id));
    expect(expiredIds.size).toBe(expired.length);
    const jobs = await queue.jobs();
    held.forEach((job, i) => {
      const now = jobs.find((j) => j.id === job.id)!;
      if (finished[i]) expect([now.state, expiredIds.has(job.id)]).toEqual(['done', false]);
      else expect([now.state, expiredIds.has(job.id), now.fence]).toEqual(['unknown', true, job.fence + 1]);
    });
    expect(jobs.filter((j) => j.state === 'queued')).toHaveLength(0);
    expect(jobs.every((j) => j.starts === 1)).toBe(true);
  });

  test('an expired started job is never queued again: it waits as unknown for a read-back', async () => {
    await seedQueuedJobs(store.pool, 1);
    await queue.claimNext('worker-a', ['teams'], 300);
    await sleep(500);
    await queue.expireLeases();
    expect(await queue.claimNext('worker-b', ['teams'], 30_000)).toBeUndefined();
    expect(await queue.claimUnknown('worker-b', ['teams'], 30_000, 60_000)).toBeUndefined();
    expect(await queue.claimUnknown('worker-b', ['exchange'], 30_000, 0)).toBeUndefined();
    expect(await queue.claimUnknown('worker-b', ['teams'], 30_000, 0)).toMatchObject({ state: 'reconciling', starts: 1 });
  });

  test('a job goes only to a worker that serves its target', async () => {
    await seedQueuedJobs(store.pool, 1, 'exchange');
    expect(await queue.claimNext('teams-worker', ['teams'], 30_000)).toBeUndefined();
    expect(await queue.claimNext('exchange-worker', ['teams', 'exchange'], 30_000)).toMatchObject({ target: 'exchange', workerId: 'exchange-worker' });
  });
});
