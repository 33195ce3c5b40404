import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotHarness } from '../support/bot-harness';
import { ADELE, ADMIN_CONVERSATION, DIEGO, MEGAN } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';

const ENABLE = 'enable voice alice@contoso.com +14255550100';
const verbs = (card: Record<string, any>): string[] => (card.actions ?? []).map((a: any) => a.verb);

describe('approval cards in Teams: per-viewer views, forms, status and search', () => {
  let bot: BotHarness;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    // Approval cards go to the admins' channel; requests come from anywhere (here, Diego's chat).
    const policyDir = mkdtempSync(join(tmpdir(), 'voiceops-policy-'));
    const policy = { ...JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'policy.dev.json'), 'utf8')), approvalConversationId: ADMIN_CONVERSATION };
    delete policy.$schema;
    writeFileSync(join(policyDir, 'policy.json'), JSON.stringify(policy));
    bot = await new BotHarness({ VOICEOPS_POLICY: join(policyDir, 'policy.json') }, { now: () => new Date(clock) }).start();
    await bot.say(ADELE, 'help'); // the bot learns how to reach the admins' channel
  });

  afterAll(async () => {
    await bot.stop();
  });

  beforeEach(() => bot.connector.clear());

  test('each viewer refreshes into their own view; the requester cancels and every copy says so', async () => {
    await bot.say(DIEGO, ENABLE, '19:diego-chat');
    const { requestId, nonce } = bot.latestApprovalCard();
    const card = cardOf(bot.connector.sent().find((c) => c.conversationId === ADMIN_CONVERSATION)!.activity)!;
    expect(verbs(card)).toEqual([]);
    const requesterCopy = cardOf(bot.connector.sent().find((c) => c.conversationId === '19:diego-chat' && cardOf(c.activity))!.activity)!;
    expect(verbs(requesterCopy)).toEqual(['cancel']);
    expect(card.refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh' });
    expect(card.refresh.userIds).toEqual(
      expect.arrayContaining([DIEGO, MEGAN, ADELE].map((p) => `8:orgid:${p.aadObjectId}`)),
    );
    expect(verbs(await bot.viewAs(ADELE, requestId, nonce))).toEqual(['approve', 'reject']);
    expect(verbs(await bot.viewAs(MEGAN, requestId, nonce))).toEqual(['approve', 'reject']);
    expect(verbs(await bot.viewAs(DIEGO, requestId, nonce))).toEqual(['cancel']);
    const stranger = { id: '29:x', aadObjectId: 'ffffffff-0000-4000-8000-00000000000f', name: 'Stranger' };
    expect(verbs(await bot.viewAs(stranger, requestId, nonce))).toEqual([]);

    const answer = await bot.click(DIEGO, 'cancel', { requestId, nonce }, '19:diego-chat');
    expect(cardText(answer.value)).toContain('Cancelled by the requester');
    await bot.app.runner.drain();
    const updates = bot.connector.updates();
    // Both copies: the approvers' card and the requester's own.
    expect(new Set(updates.map((u) => u.conversationId))).toEqual(new Set([ADMIN_CONVERSATION, '19:diego-chat']));
    for (const update of updates) {
      expect(cardText(cardOf(update.activity))).toContain('Cancelled by the requester');
      expect(cardOf(update.activity)?.actions ?? []).toEqual([]);
      expect(cardOf(update.activity)?.refresh).toBeUndefined();
    }
    const audit = await bot.app.store.auditRecords();
    expect(audit.map((r) => r.operation)).toContain('RequestCancelled');
  });

  test('a command with a bad value answers with its form, pre-filled; the server re-validates the submission', async () => {
    await bot.say(MEGAN, 'enable voice alice-at-contoso +14255550100');
    const [reply] = bot.connector.sent();
    expect(reply.activity.text).toMatch(/"alice-at-contoso" is not a valid user principal name.*Or fill in the form/);
    const form = cardOf(reply.activity)!;
    const inputs = form.body.flatMap((b: any) => b.items ?? []).filter((i: any) => i.type?.startsWith('Input.'));
    expect(inputs.map((i: any) => [i.id, i.value, i.isRequired, i.style])).toEqual([
      ['arg_user', 'alice-at-contoso', true, 'email'],
      ['arg_number', '+14255550100', false, 'tel'], // the number is optional: enable voice without one keeps the user's number
    ]);
    expect(inputs[0].regex).toBeTruthy();
    expect(inputs[0].errorMessage).toMatch(/alice@contoso.com/);

    // A forged submission that skips the client-side regex is refused by the server, with the form again.
    const forged = await bot.click(MEGAN, 'submit-form', { operation: 'enable-voice', arg_user: "alice@contoso.com'; Remove-Item *", arg_number: '+14255550100' });
    expect(forged.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(forged.value)).toMatch(/is not a valid user principal name/);
    expect(await bot.app.store.findRequests({ limit: 10, targetUser: 'carol@contoso.com' })).toEqual([]);

    const filed = await bot.click(MEGAN, 'submit-form', { operation: 'enable-voice', arg_user: 'carol@contoso.com', arg_number: '+14255550102' });
    expect(cardText(filed.value)).toMatch(/Request #\d+: enable voice carol@contoso.com/);
    expect(verbs(filed.value)).toEqual(['cancel']);
    await bot.app.runner.drain();
    expect(bot.connector.texts().some((t) => /Approval needed: request #\d+ from Megan Bowen/.test(t))).toBe(true);
  });

  test('a command missing a value gets the form too; an unknown command does not', async () => {
    await bot.say(MEGAN, 'enable voice');
    expect(cardOf(bot.connector.sent()[0].activity)?.actions?.[0]?.verb).toBe('submit-form');
    bot.connector.clear();
    await bot.say(MEGAN, 'enable vioce bob@contoso.com');
    expect(cardOf(bot.connector.sent()[0].activity)).toBeUndefined();
  });

  test('a site typed for the form is picked among the tenant\'s sites, whatever its case; one it does not have is named, not shown as picked', async () => {
    const formFor = async (text: string) => {
      bot.connector.clear();
      await bot.say(MEGAN, text);
      const form = cardOf(bot.connector.sent()[0].activity)!;
      return { form, site: form.body.flatMap((b: any) => b.items ?? []).find((i: any) => i.id === 'arg_site') };
    };
    // The user is malformed, so the form is shown; the site typed in lower case is the tenant's RedmondPSTN.
    const known = await formFor('assign site dan-at-contoso redmondpstn');
    expect(known.site).toMatchObject({ type: 'Input.ChoiceSet', value: 'RedmondPSTN' });
    expect(known.site.choices.map((c: any) => c.value)).toEqual(['SeattlePSTN', 'RedmondPSTN']);
    // "Seattle" is no site of the tenant: nothing is picked, and the field says so.
    const unknown = await formFor('assign site dan-at-contoso to Seattle');
    expect(unknown.site.value ?? '').toBe('');
    expect(cardText(unknown.form)).toContain("Seattle is not one of the tenant's values.");
  });

  test('a list of parts is asked with boxes to tick; what comes back is parsed like typed text', async () => {
    await bot.say(MEGAN, 'exchange oauth remove');
    const [reply] = bot.connector.sent();
    const form = cardOf(reply.activity)!;
    const [parts, ...rest] = form.body.flatMap((b: any) => b.items ?? []).filter((i: any) => i.type?.startsWith('Input.'));
    expect(parts).toMatchObject({ id: 'arg_parts', type: 'Input.ChoiceSet', isMultiSelect: true, style: 'expanded', isRequired: true });
    expect(parts.choices.map((c: any) => c.value)).toEqual(['key', 'expired', 'partner', 'userrole', 'archiverole', 'hide', 'account', 'all']);
    expect(parts.choices[0].title).toMatch(/^key: SfB Online's Verify key/);
    expect(rest.map((i: any) => i.id)).toEqual(['arg_dc', 'arg_certificate']);

    // Typed with spaces, the parts come back ticked; a value that is no part is refused by the server, form again.
    bot.connector.clear();
    await bot.say(MEGAN, 'exchange oauth remove "partner, Bogus"');
    const again = cardOf(bot.connector.sent()[0].activity)!;
    expect(again.body.flatMap((b: any) => b.items ?? []).find((i: any) => i.id === 'arg_parts').value).toBe('partner,bogus');
    const forged = await bot.click(MEGAN, 'submit-form', { operation: 'exchange-oauth-remove', arg_parts: 'partner,$(Remove-Item *)' });
    expect(cardText(forged.value)).toMatch(/Some values need fixing/);

    // Nothing of procedure B is in the simulated tenant yet: ticking "expired" has nothing to do, and says about what.
    const nothing = await bot.click(MEGAN, 'submit-form', { operation: 'exchange-oauth-remove', arg_parts: 'expired' });
    expect(nothing.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(nothing.value)).toMatch(/^Nothing to do: Exchange OAuth for Skype for Business Online: .*ExpiredKeys = 0\. No request was filed\.$/);
  });

  test('pending, history and status: a short text first, then a compact card', async () => {
    await bot.say(MEGAN, 'enable voice erin@contoso.com +14255550104');
    const { requestId } = bot.latestApprovalCard();
    bot.connector.clear();
    await bot.say(ADELE, 'pending');
    const [pending] = bot.connector.sent();
    expect(pending.activity.text).toContain(`#${requestId} enable voice erin@contoso.com: Waiting for approval`);
    expect(cardText(cardOf(pending.activity))).toContain('Waiting for your approval');
    bot.connector.clear();
    await bot.say(MEGAN, 'pending');
    expect(bot.connector.texts()[0]).not.toContain(`#${requestId} `);
    bot.connector.clear();
    await bot.say(DIEGO, 'history erin@contoso.com');
    expect(bot.connector.texts()[0]).toMatch(new RegExp(`^#${requestId} enable voice erin@contoso.com`));
    bot.connector.clear();
    await bot.say(ADELE, `status ${requestId}`);
    const status = bot.connector.sent()[0];
    expect(status.activity.text).toContain('(0 of 1 approval)');
    expect(verbs(cardOf(status.activity)!)).toEqual(['approve', 'reject']);
  });

  test('the compose-box search finds requests by number, user and state', async () => {
    await bot.say(MEGAN, 'enable voice dan@contoso.com +14255550103');
    const { requestId } = bot.latestApprovalCard();
    const search = async (from: typeof MEGAN, query: string): Promise<any> =>
      (await bot.post({
        ...baseActivity(from),
        type: 'invoke',
        name: 'composeExtension/query',
        value: { commandId: 'findRequests', parameters: [{ name: 'query', value: query }] },
      })).json();
    const byId = await search(ADELE, `#${requestId}`);
    expect(byId.composeExtension.attachments.map((a: any) => a.preview.content.title)).toEqual([`#${requestId} enable voice dan@contoso.com`]);
    const byUser = await search(ADELE, 'dan@contoso.com');
    expect(byUser.composeExtension.attachments).toHaveLength(1);
    const byState = await search(ADELE, 'pending');
    expect(byState.composeExtension.attachments.length).toBeGreaterThanOrEqual(1);
    const stranger = { id: '29:x', aadObjectId: 'ffffffff-0000-4000-8000-00000000000f', name: 'Stranger' };
    expect((await search(stranger, 'pending')).composeExtension).toMatchObject({ type: 'message', text: expect.stringMatching(/not named in the voiceops policy/) });
  });

  test('expiry: when the clock passes 24 h the sweep closes it as expired; its cards and the requester say so', async () => {
    await bot.say(DIEGO, 'enable voice bob@contoso.com +14255550101');
    const { requestId, nonce } = bot.latestApprovalCard();
    clock += 23 * 3_600_000 + 1;
    await bot.app.sweeper.sweep();
    expect(bot.connector.texts().some((t) => t.startsWith(`Reminder: request #${requestId}`))).toBe(true);
    clock += 3_600_000;
    await bot.app.sweeper.sweep();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('expired');
    const updates = bot.connector.updates().filter((u) => cardText(cardOf(u.activity)).includes(`Request #${requestId}`));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const update of updates) expect(cardText(cardOf(update.activity))).toContain('Expired without approval');
    expect(bot.connector.texts().some((t) => t.includes(`#${requestId} enable voice bob@contoso.com: Expired without approval`))).toBe(true);
    const late = await bot.click(ADELE, 'approve', { requestId, nonce });
    expect(cardText(late.value)).toContain('Expired without approval');
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('expired');
  });

  test('a reminder Teams refuses is sent again from the outbox, once; deciding the request then announces its outcome', async () => {
    await bot.say(DIEGO, 'enable voice carol@contoso.com +14255550108', '19:diego-chat');
    const { requestId } = bot.latestApprovalCard();
    const reminder = (c: { method: string; activity: Record<string, unknown> }) => c.method === 'POST' && String(c.activity.text ?? '').startsWith(`Reminder: request #${requestId}`);
    bot.connector.refuse(reminder, 1, 403);
    clock += 23 * 3_600_000 + 1;
    await bot.app.sweeper.sweep();
    expect(bot.connector.refused.filter(reminder)).toHaveLength(1);
    expect(bot.connector.sent().filter(reminder)).toEqual([]);

    // Tried again after 1 s, by the outbox; the sweeps in between do not remind a second time.
    await bot.app.sweeper.sweep();
    for (const deadline = Date.now() + 20_000; bot.connector.sent().filter(reminder).length === 0; ) {
      if (Date.now() > deadline) throw new Error(`the reminder of #${requestId} was never sent again`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await bot.app.sweeper.sweep();
    const sent = bot.connector.sent().filter(reminder);
    expect(sent).toHaveLength(1);
    expect(sent[0].conversationId).toBe(ADMIN_CONVERSATION);
    expect(cardText(cardOf(sent[0].activity))).toContain(`Request #${requestId}: enable voice carol@contoso.com`);
    expect((await bot.app.store.auditRecords()).filter((r) => r.operation === 'ReminderSent' && r.requestId === requestId)).toHaveLength(1);

    // The reminder's card is a copy like the others: deciding the request updates it too.
    await bot.say(ADELE, `approve ${requestId}`);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('succeeded');
    const reminderCopy = sent[0].id;
    const finalUpdate = bot.connector.updates().filter((u) => u.activityId === reminderCopy).pop();
    expect(cardText(cardOf(finalUpdate!.activity))).toContain('Succeeded and verified');
    expect(await bot.app.store.claimAnnouncements(10, 60_000)).toEqual([]);
  });

  test('when Teams refuses the approvers\' card, the requester is told the approvers were not reached and how it can still be decided', async () => {
    const toApprovers = (c: { method: string; conversationId: string }) => c.method === 'POST' && c.conversationId === ADMIN_CONVERSATION;
    bot.connector.refuse(toApprovers, 1, 403);
    await bot.say(DIEGO, 'enable voice carol@contoso.com +14255550102', '19:diego-chat');
    expect(bot.connector.refused.filter(toApprovers)).toHaveLength(1);
    const toDiego = bot.connector.sent().filter((c) => c.conversationId === '19:diego-chat').map((c) => String(c.activity.text));
    const requestId = Number(/Request #(\d+) filed and sent to the approvers\./.exec(toDiego[0])?.[1]);
    expect(requestId).toBeGreaterThan(0);
    expect(toDiego[1]).toBe(
      `The approval card of request #${requestId} could not be posted to the approvers' conversation (Teams refused it), so they have not been asked yet. ` +
        `Let an approver know: they can decide with \`approve ${requestId}\` or \`reject ${requestId}\`, and \`status ${requestId}\` shows the request.`,
    );
    // Only the requester's copy was kept, and the request can still be decided as the message says.
    expect((await bot.app.store.cardCopies(requestId)).map((c) => c.audience)).toEqual(['requester']);
    await bot.say(ADELE, `approve ${requestId}`);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('succeeded');
  });

  test('an approval card Teams refused is posted again by the sweep 1, 2, 4… minutes after filing, once, and the requester hears it went', async () => {
    const toApprovers = (c: { method: string; conversationId: string }) => c.method === 'POST' && c.conversationId === ADMIN_CONVERSATION;
    // Refused at filing and at the first retry (the bot was not yet allowed in the approvers' channel, say).
    bot.connector.refuse(toApprovers, 2, 403);
    await bot.say(DIEGO, 'enable voice erin@contoso.com +14255550109', '19:diego-chat');
    const requestId = Number(/Request #(\d+) filed/.exec(bot.connector.texts()[0])?.[1]);
    expect(bot.connector.refused.filter(toApprovers)).toHaveLength(1);
    const approversCopies = async () => (await bot.app.store.cardCopies(requestId)).filter((c) => c.audience === 'approvers');
    expect(await approversCopies()).toEqual([]);

    const sweepAt = async (minutes: number) => {
      clock = filedAt + minutes * 60_000 + 1_000;
      await bot.app.sweeper.sweep();
    };
    const filedAt = clock;
    await sweepAt(0);
    expect(bot.connector.refused.filter(toApprovers)).toHaveLength(1);
    await sweepAt(1);
    expect(bot.connector.refused.filter(toApprovers)).toHaveLength(2);
    await sweepAt(3); // not a try: the next is at 4 minutes
    expect(bot.connector.sent().filter(toApprovers)).toEqual([]);
    await sweepAt(4);
    const posted = bot.connector.sent().filter(toApprovers);
    expect(posted).toHaveLength(1);
    expect(posted[0].activity.text).toBe(`Approval needed: request #${requestId} from Diego Siciliani.`);
    expect(cardText(cardOf(posted[0].activity))).toContain(`Request #${requestId}: enable voice erin@contoso.com`);
    expect(await approversCopies()).toHaveLength(1);
    expect(bot.connector.sent().filter((c) => c.conversationId === '19:diego-chat').map((c) => c.activity.text)).toContain(
      `The approval card of request #${requestId} has now been posted to the approvers' conversation.`,
    );
    // Posted once: the card is in Teams now, so the next sweeps leave it (and the request is decided from it as usual).
    await sweepAt(8);
    expect(bot.connector.sent().filter(toApprovers)).toHaveLength(1);
    await bot.say(ADELE, `reject ${requestId} not now`);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('rejected');
  });

  test('when Teams refuses to update one copy of the card, the other copy is still updated and the requester is still told', async () => {
    await bot.say(DIEGO, 'enable voice dan@contoso.com +14255550103', '19:diego-chat');
    const { requestId } = bot.latestApprovalCard();
    const approversCopy = (c: { method: string; conversationId: string }) => c.method === 'PUT' && c.conversationId === ADMIN_CONVERSATION;
    // From the approval on, every update of the approvers' copy is refused (403).
    bot.connector.refuse(approversCopy, 100, 403);
    await bot.say(ADELE, `approve ${requestId}`);
    await bot.app.runner.drain();

    expect((await bot.app.store.getRequest(requestId))?.state).toBe('succeeded');
    expect(bot.connector.refused.filter(approversCopy).length).toBeGreaterThan(0);
    const requesterCopyUpdates = bot.connector.updates().filter((u) => u.conversationId === '19:diego-chat');
    expect(cardText(cardOf(requesterCopyUpdates[requesterCopyUpdates.length - 1].activity))).toContain('Succeeded and verified');
    expect(bot.connector.texts().some((t) => t.startsWith(`#${requestId} enable voice dan@contoso.com: Succeeded and verified`))).toBe(true);
    bot.connector.stopRefusing();
  });

  test('an outcome message Teams refuses is sent again later, once, and the card copies are not updated twice', async () => {
    await bot.say(DIEGO, 'enable voice bob@contoso.com +14255550105', '19:diego-chat');
    const { requestId } = bot.latestApprovalCard();
    const outcomeMessage = (c: { method: string; activity: Record<string, unknown> }) => c.method === 'POST' && String(c.activity.text ?? '').startsWith(`#${requestId} `);
    const finalCard = (u: { activity: Record<string, unknown> }) => /Succeeded and verified/.test(cardText(cardOf(u.activity)));
    // 403, as when the bot was removed from the chat: the connector client does not retry it, the outbox does.
    bot.connector.refuse(outcomeMessage, 2, 403);
    const approvedAt = Date.now();
    await bot.say(ADELE, `approve ${requestId}`);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('succeeded');
    expect(bot.connector.refused.filter(outcomeMessage)).toHaveLength(1);
    expect(bot.connector.texts().filter((t) => t.startsWith(`#${requestId} `))).toEqual([]);

    // Tried again after 1 s (refused once more), then after 2 s.
    for (const deadline = Date.now() + 20_000; !bot.connector.texts().some((t) => t.startsWith(`#${requestId} `)); ) {
      if (Date.now() > deadline) throw new Error(`the requester of #${requestId} was never told`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Date.now() - approvedAt).toBeGreaterThanOrEqual(3_000);
    expect(bot.connector.refused.filter(outcomeMessage)).toHaveLength(2);
    expect(bot.connector.texts().filter((t) => t.startsWith(`#${requestId} `))).toEqual([
      `#${requestId} enable voice bob@contoso.com: Succeeded and verified. Applied and verified by reading it back from the tenant.`,
    ]);
    const copies = await bot.app.store.cardCopies(requestId);
    expect(bot.connector.updates().filter(finalCard).filter((u) => copies.some((c) => c.activityId === u.activityId))).toHaveLength(copies.length);
    expect(await bot.app.store.claimAnnouncements(10, 60_000)).toEqual([]);
  });

  test('updating a card someone deleted in Teams (404) is not an error; an update Teams refuses (403) is', async () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x' }] } as unknown as Parameters<typeof bot.app.messenger.updateCard>[2];
    bot.connector.refuse((c) => c.method === 'PUT', 1, 404);
    await expect(bot.app.messenger.updateCard(ADMIN_CONVERSATION, 'activity-deleted', card)).resolves.toBeUndefined();
    bot.connector.refuse((c) => c.method === 'PUT', 1, 403);
    await expect(bot.app.messenger.updateCard(ADMIN_CONVERSATION, 'activity-1', card)).rejects.toMatchObject({ name: 'ConnectorRefusal', statusCode: 403 });
    expect(bot.connector.refused.map((c) => c.activityId)).toEqual(['activity-deleted', 'activity-1']);
  });

  function baseActivity(from: typeof MEGAN): Record<string, unknown> {
    return {
      id: `search-${Math.random()}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: '28:voiceops-bot', name: 'voiceops' },
      conversation: { id: ADMIN_CONVERSATION, conversationType: 'channel', tenantId: '72f988bf-0000-4000-8000-00000000c0de' },
      channelData: { tenant: { id: '72f988bf-0000-4000-8000-00000000c0de' } },
    };
  }
});
