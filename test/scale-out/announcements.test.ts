import { cardOf, cardText } from '../support/teams-connector';
import { clusterForFile } from './support/cluster';
import { upnOf } from './support/tenant';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('announcing finished jobs when a replica dies or Teams refuses a send', () => {
  const cluster = clusterForFile({ users: 3 });

  const toldAbout = (requestId: number) => cluster.connector.texts().filter((t) => t.startsWith(`#${requestId} `));

  async function jobDone(requestId: number): Promise<void> {
    for (let i = 0; (await cluster.queue.jobOfRequest(requestId))?.state !== 'done'; i += 1) {
      if (i > 600) throw new Error(`the job of request #${requestId} never finished`);
      await sleep(100);
    }
  }

  test('an announcement claimed by a replica that died before sending is made by another replica once the claim lapses', async () => {
    const a = await cluster.replica('replica-a');
    const { requestId, nonce } = await cluster.file(a.url, `enable voice ${upnOf(0)} +14256003000`);
    await cluster.approve(a.url, requestId, nonce);
    // No worker runs yet and replica A stops, so no replica announces the job when it finishes: the test plays the
    // replica that claims the announcement and dies.
    await a.process.stop();
    await cluster.worker('worker-1', { leaseMs: 10_000, settleMs: 60_000 });
    await jobDone(requestId);

    // A replica claims the announcement and dies before sending anything: while its lease runs nobody else takes it.
    const [claim] = await cluster.store.claimAnnouncements(1, 2_000);
    expect(claim).toMatchObject({ requestId, attempt: 1, partsDone: [] });
    expect(await cluster.store.claimAnnouncements(1, 2_000)).toEqual([]);

    const c = await cluster.replica('replica-c');
    const told = await cluster.told(requestId, 30_000);
    expect(told).toMatch(/Succeeded and verified/);
    await cluster.settled([requestId], 30_000);
    expect(toldAbout(requestId)).toHaveLength(1);
    // The dead replica's claim is spent: its late writes change nothing.
    expect(await cluster.store.announcedPart(claim, 'requester')).toBe(false);
    expect(await cluster.store.finishAnnouncement(claim)).toBe(false);
    await c.process.stop();
  }, 240_000);

  test('a send Teams refuses is tried again with a growing wait, and the parts already sent are not sent twice', async () => {
    const replica = await cluster.replica('replica-d');
    await cluster.worker('worker-2', { leaseMs: 10_000, settleMs: 60_000 });
    const { requestId, nonce } = await cluster.file(replica.url, `enable voice ${upnOf(1)} +14256003001`);
    const outcomeMessage = (call: { method: string; activity: Record<string, any> }) =>
      call.method === 'POST' && String(call.activity.text ?? '').startsWith(`#${requestId} `);
    // 403 (as when the bot is not in the conversation's roster): botbuilder's HTTP pipeline retries 5xx answers
    // itself, so a refusal it does not retry is what reaches the announcer.
    cluster.connector.refuse(outcomeMessage, 2, 403);
    await cluster.approve(replica.url, requestId, nonce);

    const told = await cluster.told(requestId, 60_000);
    expect(told).toMatch(/Succeeded and verified/);
    await cluster.settled([requestId], 30_000);
    expect(cluster.connector.refused.filter(outcomeMessage)).toHaveLength(2);
    expect(toldAbout(requestId)).toHaveLength(1);

    const retries = replica.process.lines.filter((l) => l.message === 'announcing a request failed; it is tried again' && l.requestId === requestId);
    expect(retries.map((l) => [l.attempt, l.retryInMs])).toEqual([
      [1, 1_000],
      [2, 2_000],
    ]);
    // The card copies were updated to the result once each: the retries sent only the refused message again.
    const { rows } = await cluster.store.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM card_copies WHERE request_id = $1', [requestId]);
    const finalUpdates = cluster.connector
      .updates()
      .filter((u) => cardText(cardOf(u.activity)).includes(`#${requestId}`) && /Succeeded and verified/.test(cardText(cardOf(u.activity))));
    expect(finalUpdates).toHaveLength(Number(rows[0].n));
    expect((await cluster.store.pool.query('SELECT announce_due, announce_attempts, announced_parts FROM requests WHERE id = $1', [requestId])).rows[0]).toEqual({
      announce_due: false,
      announce_attempts: 3,
      announced_parts: ['cards', 'requester'],
    });
    await replica.process.stop();
  }, 240_000);
});
