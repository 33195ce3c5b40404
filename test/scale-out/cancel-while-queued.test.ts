import { ADELE } from '../support/personas';
import { expectStoppedPartWay } from '../support/stopped-bulk';
import { cardOf, cardText } from '../support/teams-connector';
import { clusterForFile } from './support/cluster';
import { tenantUser } from '../support/tenant-state';
import { setLatency, upnOf } from './support/tenant';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withdrawing a request in scale-out: cancelled while queued, or a running bulk request stopped', () => {
  const cluster = clusterForFile({ users: 30 });

  test('the requester sees Cancel on the approved card, cancels, and the worker that later takes the job runs nothing', async () => {
    const replica = await cluster.replica('replica-a');
    const before = tenantUser(cluster.tenantPath, upnOf(0));
    const { requestId, nonce } = await cluster.file(replica.url, `enable voice ${upnOf(0)} +14256004000`);
    // Approved while no worker is up: the job waits in the queue.
    expect(await cluster.approve(replica.url, requestId, nonce)).toContain('Approved by Adele Vance');
    expect((await cluster.store.getRequest(requestId))?.state).toBe('approved');
    expect((await cluster.queue.jobOfRequest(requestId))?.state).toBe('queued');

    // Megan's Teams client refreshes the shared card into her view: Cancel is still on it.
    const view = JSON.parse(await cluster.refreshAsRequester(replica.url, requestId, nonce)).value;
    expect((view?.actions ?? []).map((a: { verb?: string }) => a.verb)).toContain('cancel');
    expect(cardText(view)).toContain(`type cancel ${requestId} until it starts`);

    const answer = JSON.parse(await cluster.cancel(replica.url, requestId, nonce)).value;
    expect(cardText(answer)).toContain('Cancelled');
    expect((await cluster.store.getRequest(requestId))?.state).toBe('cancelled');

    // A worker comes up and takes the job: the request is no longer approved, so nothing runs.
    await cluster.worker('worker-1', { leaseMs: 10_000, settleMs: 60_000 });
    for (let i = 0; (await cluster.queue.jobOfRequest(requestId))?.state !== 'done'; i += 1) {
      if (i > 600) throw new Error(`the job of request #${requestId} was never taken`);
      await sleep(100);
    }
    expect(await cluster.queue.jobOfRequest(requestId)).toMatchObject({ state: 'done', outcome: 'cancelled' });
    const operations = (await cluster.store.auditRecords()).filter((r) => r.requestId === requestId).map((r) => r.operation);
    expect(operations).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'RequestCancelled']);
    expect(tenantUser(cluster.tenantPath, upnOf(0))).toEqual(before);

    // Every copy of the card says so; the requester, who cancelled it, gets no message about it.
    const announced = async () => (await cluster.store.pool.query('SELECT announce_due FROM requests WHERE id = $1', [requestId])).rows[0].announce_due === false;
    for (let i = 0; !(await announced()); i += 1) {
      if (i > 300) throw new Error(`the cancellation of #${requestId} was never announced`);
      await sleep(100);
    }
    const copies = await cluster.store.cardCopies(requestId);
    for (const copy of copies) {
      const last = cluster.connector.updates().filter((u) => u.activityId === copy.activityId).pop();
      expect(cardText(cardOf(last!.activity))).toContain('Cancelled');
    }
    expect(cluster.connector.texts().filter((t) => t.startsWith(`#${requestId} `))).toEqual([]);
    await replica.process.stop();
  }, 240_000);

  test('a bulk request a worker is running stops when an approver asks a replica: rows started finish, the rest are not run; its links work on any replica', async () => {
    const replica = await cluster.replica('replica-b');
    const rows = Array.from({ length: 28 }, (_, i) => `${upnOf(i + 2)},+1425600${5000 + i},,`);
    const { requestId, nonce } = await cluster.file(replica.url, ['bulk', ...rows].join('\n'));
    // 60 ms a tenant call from now on, so the worker's run lasts a few seconds.
    setLatency(cluster.tenantPath, 60);
    await cluster.worker('worker-2', { leaseMs: 10_000, settleMs: 60_000, concurrency: 2 });
    await cluster.approve(replica.url, requestId, nonce);
    const changedUsers = () => rows.filter((_, i) => tenantUser(cluster.tenantPath, upnOf(i + 2)).EnterpriseVoiceEnabled === true).length;
    for (let i = 0; changedUsers() < 2; i += 1) {
      if (i > 1200) throw new Error('the worker made no progress on the bulk request');
      await sleep(25);
    }

    // Adele, who approved it, types the text twin of Stop to the replica; the worker, another process, sees it in the
    // database.
    await cluster.say(replica.url, ADELE, `cancel ${requestId}`);
    expect(cluster.connector.texts()).toContain(
      `You asked request #${requestId} to stop: rows already started finish, the others are not run. The card shows the outcome when it ends.`,
    );
    for (let i = 0; (await cluster.queue.jobOfRequest(requestId))?.state !== 'done'; i += 1) {
      if (i > 600) throw new Error(`the job of request #${requestId} never finished`);
      await sleep(100);
    }
    const run = (await cluster.store.getRequest(requestId))!;
    expectStoppedPartWay(run, { rows: 28, minChanged: 2, stoppedBy: 'Adele Vance', tenantStatePath: cluster.tenantPath });

    // Download links are signed with a key every replica derives from the shared audit key: the outcomes link the
    // announcement carries, and a bulk export link handed out by replica-b, both work on replica-c.
    const linkIn = (pattern: RegExp) => cluster.connector.texts().map((t) => pattern.exec(t)?.[1]).filter(Boolean).pop();
    for (let i = 0; !linkIn(/(\/bulk\/outcomes\/\S+\.csv)/); i += 1) {
      if (i > 300) throw new Error(`the outcome of #${requestId} was never announced with its link`);
      await sleep(100);
    }
    await cluster.say(replica.url, ADELE, 'bulk export');
    const other = await cluster.replica('replica-c');
    const outcomes = await fetch(`${other.url}${linkIn(/(\/bulk\/outcomes\/\S+\.csv)/)}`);
    expect(outcomes.status).toBe(200);
    expect((await outcomes.text()).split('\r\n')[0]).toBe('row,upn,number,site,international,outcome,detail');
    const exported = await fetch(`${other.url}${linkIn(/(\/bulk\/export\/\S+\.csv)/)}`);
    expect(exported.status).toBe(200);
    const changedRow = run.result!.bulkRows!.find((r) => r.outcome === 'changed')!;
    expect((await exported.text()).split('\r\n').some((line) => line.startsWith(`${changedRow.user},${changedRow.number},`))).toBe(true);
    await other.process.stop();
    await replica.process.stop();
  }, 240_000);
});
