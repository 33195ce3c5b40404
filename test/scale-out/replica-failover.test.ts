import { cardOf, cardText } from '../support/teams-connector';
import { clusterForFile } from './support/cluster';
import { readTenant, upnOf } from './support/tenant';

describe('kill -9 of a bot replica while approvals are pending', () => {
  const cluster = clusterForFile({ users: 3 });

  test('the other replica takes the clicks on the dead replica\'s cards, the changes run once, and every card is updated', async () => {
    const [a, b] = await Promise.all([cluster.replica('replica-a'), cluster.replica('replica-b')]);
    await cluster.worker('worker-1', { leaseMs: 10_000, settleMs: 60_000 });
    const filed = [];
    for (let i = 0; i < 3; i += 1) filed.push(await cluster.file(a.url, `enable voice ${upnOf(i)} +1425600200${i}`));
    const cardActivities = new Map(
      filed.map(({ requestId }) => [
        requestId,
        cluster.connector.sent().find((c) => Number((cardOf(c.activity)?.refresh?.action?.data ?? cardOf(c.activity)?.actions?.[0]?.data)?.requestId) === requestId)!.id,
      ]),
    );
    await a.process.killGroup();

    for (const { requestId, nonce } of filed) {
      expect(await cluster.approve(b.url, requestId, nonce)).toContain('Approved by Adele Vance');
    }
    const settled = await cluster.settled(filed.map((f) => f.requestId), 180_000);
    expect(settled.map((r) => r.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect((await cluster.queue.jobs()).map((j) => [j.state, j.starts])).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 1],
    ]);
    const users = readTenant(cluster.tenantPath).users;
    expect(users.map((u) => u.OnPremLineURI)).toEqual(['tel:+14256002000', 'tel:+14256002001', 'tel:+14256002002']);

    for (const { requestId } of filed) {
      // Replica B knew the card replica A had posted (the copy is in the store) and updated it in place.
      expect(await cluster.told(requestId)).toMatch(/Succeeded and verified/);
      const updates = cluster.connector.updates().filter((u) => u.activityId === cardActivities.get(requestId));
      expect(cardText(cardOf(updates[updates.length - 1].activity))).toContain('Succeeded and verified');
    }
  }, 300_000);
});
