import { Cluster } from './support/cluster';
import { upnOf } from './support/tenant';
import { MEGAN, TENANT_ID } from '../support/personas';

/**
 * Scale-out: a worker process runs the change and a replica announces it. The runbook step filed for the request
 * follows it through that announcement, as it does in the embedded app.
 */
describe('a runbook step whose request a scale-out worker runs', () => {
  const cluster = new Cluster();
  let replica = '';

  beforeAll(async () => {
    await cluster.start({ users: 1 });
    replica = (await cluster.replica('replica-a')).url;
    await cluster.worker('worker-1', { leaseMs: 10_000, settleMs: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await cluster.stop();
  }, 60_000);

  test('when the worker has run it and a replica has announced it, then the step is verified in PostgreSQL', async () => {
    // Started directly in the shared store, so no check needs the internet's DNS.
    await cluster.store.saveRunbook(
      { tenantId: TENANT_ID, name: 'cloud-connector', parameters: { domain: 'contoso.com', user: upnOf(0) }, startedBy: { objectId: MEGAN.aadObjectId, name: MEGAN.name } },
      { operation: 'RunbookStarted', userId: MEGAN.name, actorObjectId: MEGAN.aadObjectId, objectId: 'runbook cloud-connector', parameters: {}, resultStatus: 'Succeeded', tenantId: TENANT_ID, requestId: null, requestHash: null },
    );
    const { requestId, nonce } = await cluster.file(replica, 'runbook run cloud-connector voice +14256000001');
    expect((await cluster.store.getRunbook(TENANT_ID, 'cloud-connector'))?.steps).toEqual([
      expect.objectContaining({ step: 'voice', state: 'not-started', requestId, actor: { objectId: MEGAN.aadObjectId, name: MEGAN.name } }),
    ]);
    expect(await cluster.approve(replica, requestId, nonce)).toContain('Approved by Adele Vance');
    const [request] = await cluster.settled([requestId], 120_000);
    expect(request).toMatchObject({ state: 'succeeded', result: { verified: true } });

    const deadline = Date.now() + 30_000;
    let step = (await cluster.store.getRunbook(TENANT_ID, 'cloud-connector'))?.steps[0];
    while (step?.state !== 'verified' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      step = (await cluster.store.getRunbook(TENANT_ID, 'cloud-connector'))?.steps[0];
    }
    expect(step).toMatchObject({ step: 'voice', state: 'verified', requestId, note: `Request #${requestId} ran and its read-back verified it.` });
  }, 240_000);
});
