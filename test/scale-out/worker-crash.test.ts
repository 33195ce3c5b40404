import { cardOf } from '../support/teams-connector';
import { updateTenantState } from '../support/tenant-state';
import { Cluster } from './support/cluster';
import { readTenant, upnOf } from './support/tenant';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every tenant call sleeps this long first, so a change is easy to catch in the middle.
const LATENCY_MS = 2500;
const LEASE_MS = 1500;
// Past the lease, long enough for an orphaned pwsh call (Set-CsUser and its read) to have finished.
const SETTLE_MS = 7000;

describe('kill -9 of a worker in the middle of a change', () => {
  const cluster = new Cluster();
  let replica = '';

  beforeAll(async () => {
    await cluster.start({ users: 3, latencyMs: LATENCY_MS, countCalls: true });
    replica = (await cluster.replica('replica-a')).url;
  }, 180_000);

  afterAll(async () => {
    await cluster.stop();
  }, 60_000);

  async function approvedAndRunning(index: number, worker: string): Promise<{ requestId: number; callsBefore: number }> {
    // The previous test's rescuer must not take this job: the victim has to be the one running it.
    await Promise.all(cluster.processes.filter((p) => p.name.startsWith('worker-')).map((p) => p.stop()));
    const callsBefore = readTenant(cluster.tenantPath).runtime.callCount;
    const { requestId, nonce } = await cluster.file(replica, `enable voice ${upnOf(index)} +1425600100${index}`);
    await cluster.worker(worker, { leaseMs: LEASE_MS, settleMs: SETTLE_MS });
    await cluster.approve(replica, requestId, nonce);
    for (let i = 0; (await cluster.store.getRequest(requestId))?.state !== 'running'; i += 1) {
      if (i > 600) throw new Error(`request #${requestId} never started`);
      await sleep(50);
    }
    await sleep(800); // inside Set-CsUser's service latency now
    expect(await cluster.queue.jobOfRequest(requestId)).toMatchObject({ state: 'started', starts: 1, workerId: worker });
    return { requestId, callsBefore };
  }

  function victim(name: string) {
    return cluster.processes.find((p) => p.name === name)!;
  }

  test('when only the worker dies and its pwsh finishes the change, the job ends unknown, the read-back finds it landed, and nothing re-runs', async () => {
    const { requestId, callsBefore } = await approvedAndRunning(0, 'worker-doomed-1');
    await victim('worker-doomed-1').killProcessOnly();

    const rescuer = await cluster.worker('worker-rescuer-1', { leaseMs: LEASE_MS, settleMs: SETTLE_MS });
    await rescuer.waitFor((l) => l.message === 'job lease expired while started; it is now unknown and will be read back, not re-run' || l.message === 'job reconciled', 60_000);
    const [request] = await cluster.settled([requestId], 120_000);

    expect(request.state).toBe('succeeded');
    expect(request.result?.message).toMatch(/shows the change landed/);
    expect(await cluster.queue.jobOfRequest(requestId)).toMatchObject({ state: 'done', starts: 1, outcome: 'succeeded', workerId: 'worker-rescuer-1' });
    expect(readTenant(cluster.tenantPath).users[0]).toMatchObject({ EnterpriseVoiceEnabled: true, OnPremLineURI: 'tel:+14256001000' });
    const audit = (await cluster.store.auditRecords()).filter((r) => r.requestId === requestId);
    expect(audit.map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'ExecutionStarted', 'ChangeVerified']);
    expect(audit[4].parameters).toMatchObject({ reconciled: true, verified: true });
    // Calls: the read at filing (the user, and who else holds the number), the prior-state read before the claim,
    // the orphan's Set-CsUser and the read inside the change, then the rescuer's one read-back.
    expect(readTenant(cluster.tenantPath).runtime.callCount - callsBefore).toBe(2 + 1 + 2 + 1);
    expect(rescuer.lines.filter((l) => l.message === 'job finished')).toEqual([]);
  }, 300_000);

  test('when the worker and its pwsh die before the change lands, the read-back finds nothing changed: failed, not re-run', async () => {
    const { requestId, callsBefore } = await approvedAndRunning(1, 'worker-doomed-2');
    await victim('worker-doomed-2').killGroup();

    await cluster.worker('worker-rescuer-2', { leaseMs: LEASE_MS, settleMs: SETTLE_MS });
    const [request] = await cluster.settled([requestId], 120_000);

    expect(request.state).toBe('failed');
    expect(request.result?.message).toMatch(/nothing changed\. It was not re-run/);
    expect(await cluster.queue.jobOfRequest(requestId)).toMatchObject({ state: 'done', starts: 1, outcome: 'failed' });
    expect(readTenant(cluster.tenantPath).users[1]).toMatchObject({ EnterpriseVoiceEnabled: false, OnPremLineURI: '' });
    const audit = (await cluster.store.auditRecords()).filter((r) => r.requestId === requestId);
    expect(audit.map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'ExecutionStarted', 'ChangeVerified']);
    // Calls: the read at filing (the user, and who else holds the number), the prior-state read, then only the
    // read-back; the killed Set-CsUser never reached the tenant.
    expect(readTenant(cluster.tenantPath).runtime.callCount - callsBefore).toBe(2 + 1 + 1);
    const told = await cluster.told(requestId);
    expect(told).toMatch(/nothing changed\. It was not re-run/);
  }, 300_000);

  test('when the read-back finds the user partly changed, the request stays unknown and the approvers get a card to check it', async () => {
    const { requestId } = await approvedAndRunning(2, 'worker-doomed-3');
    await victim('worker-doomed-3').killGroup();
    // As if the service had applied half of the change before the worker died.
    updateTenantState(cluster.tenantPath, (state) => {
      state.users[2].EnterpriseVoiceEnabled = true;
    });

    await cluster.worker('worker-rescuer-3', { leaseMs: LEASE_MS, settleMs: SETTLE_MS });
    const [request] = await cluster.settled([requestId], 120_000);

    expect(request.state).toBe('unknown');
    expect(request.result?.message).toMatch(/only part of it is in place .*A person must check; nothing was re-run/);
    expect(await cluster.queue.jobOfRequest(requestId)).toMatchObject({ state: 'needs-human', starts: 1, outcome: 'unknown' });
    for (let i = 0; !cluster.connector.texts().some((t) => t.startsWith(`Needs a person: request #${requestId}`)); i += 1) {
      if (i > 300) throw new Error('the approvers were never told');
      await sleep(100);
    }
    const notice = cluster.connector.sent().find((c) => String(c.activity.text).startsWith(`Needs a person: request #${requestId}`))!;
    expect(notice.conversationId).toBe('19:voice-admins@thread.tacv2');
    expect(cardOf(notice.activity)?.actions ?? []).toEqual([]);
  }, 300_000);
});
