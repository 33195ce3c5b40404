import { verifyAuditChain } from '../../src/domain/audit/audit-record';
import { answersTo, approve, fileRequest, tenantUser } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';

/**
 * The user-level operations end to end: a Teams message, approval, real pwsh on the simulated tenant, read-back;
 * then idempotence and undo. One bot for the file, each test on its own seeded user.
 */
describe('user changes through the bot: voice, international calling, PSTN sites', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness().start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  test('when voice is disabled and the change undone, then the user is back on voice with the same number', async () => {
    const enable = await fileRequest(bot, MEGAN, 'enable voice alice@contoso.com +14255550100');
    expect((await approve(bot, enable, [ADELE])).state).toBe('succeeded');

    const disable = await fileRequest(bot, MEGAN, 'disable voice alice@contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $false -HostedVoiceMail $false -OnPremLineURI $null");
    const disabled = await approve(bot, disable, [ADELE]);
    expect(disabled).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'alice@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: false, HostedVoiceMail: false, LineURI: '', VoicePolicy: 'BusinessVoice' });
    const started = (await bot.app.store.auditRecords()).find((r) => r.operation === 'ExecutionStarted' && r.requestId === disable);
    expect(started?.parameters.prior).toEqual(expect.arrayContaining([{ property: 'LineURI', current: 'tel:+14255550100', proposed: '(none)' }]));

    const undoAnswers = await answersTo(bot, MEGAN, `undo ${disable}`);
    const undo = Number(/To undo #\d+ \(enable voice\): Request #(\d+) filed/.exec(undoAnswers.join(' '))?.[1]);
    expect(undo).toBeGreaterThan(disable);
    expect((await bot.app.store.getRequest(undo))?.parameters).toEqual({ user: 'alice@contoso.com', number: '+14255550100', voicePath: 'legacy' });
    expect((await approve(bot, undo, [ADELE])).state).toBe('succeeded');
    expect(tenantUser(bot, 'alice@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: true, HostedVoiceMail: true, LineURI: 'tel:+14255550100', VoicePolicy: 'HybridVoice' });
  });

  test('when the number asked for belongs to someone else, then nothing is filed and the answer names who holds it, in chat and in bulk', async () => {
    const holder = await fileRequest(bot, DIEGO, 'enable voice megan@contoso.com +14255550190');
    expect((await approve(bot, holder, [ADELE])).state).toBe('succeeded');
    const before = (await bot.app.store.findRequests({ limit: 100 })).length;

    expect(await answersTo(bot, MEGAN, 'enable voice bob@contoso.com +1 425 555 0190')).toEqual([
      'The number +14255550190 is already assigned to megan@contoso.com. Free it first: disable voice for them, or give them another number. No request was filed.',
    ]);
    // In a bulk file the row is refused for the same reason; the other row is filed.
    await answersTo(bot, MEGAN, 'bulk\nbob@contoso.com,+14255550190,,\ncarol@contoso.com,+14255550191,,');
    await bot.app.runner.drain(); // the summary follows the rows' reads
    const bulk = bot.connector.sent().flatMap((call) => [String(call.activity.text ?? ''), cardText(cardOf(call.activity))]).join('\n');
    expect(bulk).toMatch(/1 valid and to change, 0 already in the wanted state, 1 invalid/);
    expect(bulk).toContain('The number +14255550190 is already assigned to megan@contoso.com.');
    expect((await bot.app.store.findRequests({ limit: 100 })).length).toBe(before + 1);
    expect(tenantUser(bot, 'bob@contoso.com').LineURI).toBe('');

    // Who has it, asked directly: read at once, nothing filed.
    expect(await answersTo(bot, DIEGO, 'check number +14255550190')).toEqual([
      '+14255550190: AssignedTo = megan@contoso.com, DisplayName = Megan Bowen, EnterpriseVoiceEnabled = True',
    ]);
    expect((await answersTo(bot, DIEGO, 'who has +1 (425) 555-0199'))[0]).toBe('+14255550199: AssignedTo = (none)');
    expect((await bot.app.store.findRequests({ limit: 100 })).length).toBe(before + 1);
  });

  test('when a change finds the user already in the wanted state, then nothing is filed or run, and the answer is on the audit record', async () => {
    const before = (await bot.app.store.auditRecords()).length;
    const [answer] = await answersTo(bot, MEGAN, 'disable voice bob@contoso.com');
    expect(answer).toBe('Nothing to do: bob@contoso.com: EnterpriseVoiceEnabled = False, HostedVoiceMail = False, VoicePolicy = BusinessVoice, LineURI = (none). No request was filed.');
    const added = (await bot.app.store.auditRecords()).slice(before);
    expect(added.map((r) => [r.operation, r.resultStatus, r.objectId, r.requestId])).toEqual([['NoChangeNeeded', 'Succeeded', 'bob@contoso.com', null]]);
    expect(verifyAuditChain(await bot.app.store.auditRecords()).intact).toBe(true);
  });

  test('when international calls are blocked, then the policy is granted; a repeat does nothing; undo puts the global policy back', async () => {
    const block = await fileRequest(bot, MEGAN, 'block international carol@contoso.com');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Grant-CsVoiceRoutingPolicy -Identity 'carol@contoso.com' -PolicyName 'InternationalCallsDisallowed'");
    expect(await approve(bot, block, [ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'carol@contoso.com').VoiceRoutingPolicy).toBe('InternationalCallsDisallowed');

    expect((await answersTo(bot, MEGAN, 'block international carol@contoso.com'))[0]).toMatch(/^Nothing to do: carol@contoso.com: VoiceRoutingPolicy = InternationalCallsDisallowed/);

    const undoAnswers = await answersTo(bot, MEGAN, `undo ${block}`);
    const undo = Number(/To undo #\d+ \(reset international\): Request #(\d+) filed/.exec(undoAnswers.join(' '))?.[1]);
    expect(await approve(bot, undo, [ADELE])).toMatchObject({ state: 'succeeded' });
    expect(tenantUser(bot, 'carol@contoso.com').VoiceRoutingPolicy).toBeNull();

    const allow = await fileRequest(bot, MEGAN, 'allow international carol@contoso.com');
    expect(await approve(bot, allow, [ADELE])).toMatchObject({ state: 'succeeded' });
    expect(tenantUser(bot, 'carol@contoso.com').VoiceRoutingPolicy).toBe('InternationalCallsAllowed');
  });

  test('when a user is put in a site, then show site and list sites read it back, an unknown site is refused, and undo clears it', async () => {
    expect((await answersTo(bot, MEGAN, 'assign site dan@contoso.com Atlantis'))[0]).toBe(
      'The tenant has no hybrid PSTN site "Atlantis". Its sites are: SeattlePSTN, RedmondPSTN. No request was filed.',
    );

    const assign = await fileRequest(bot, MEGAN, 'assign site dan@contoso.com SeattlePSTN');
    expect(cardText(bot.latestApprovalCard().card)).toMatch(/HybridPSTNSite\n\(tenant default\)\n→\nSeattlePSTN/);
    expect(await approve(bot, assign, [ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantUser(bot, 'dan@contoso.com').HybridPSTNSite).toBe('SeattlePSTN');

    const [shown] = await answersTo(bot, DIEGO, 'show site dan@contoso.com');
    expect(shown).toBe('dan@contoso.com: HybridPSTNSite = SeattlePSTN');
    bot.connector.clear();
    await bot.say(DIEGO, 'list sites');
    const [listed] = bot.connector.sent();
    expect(listed.activity.text).toContain('dan@contoso.com = SeattlePSTN');
    expect(listed.activity.text).toContain('erin@contoso.com = (tenant default)');
    expect(cardText(cardOf(listed.activity))).toContain('Get-CsOnlineUser | Get-CsUserPstnSettings');

    const undoAnswers = await answersTo(bot, MEGAN, `undo ${assign}`);
    const undo = Number(/To undo #\d+ \(clear site\): Request #(\d+) filed/.exec(undoAnswers.join(' '))?.[1]);
    expect(await approve(bot, undo, [ADELE])).toMatchObject({ state: 'succeeded' });
    expect(tenantUser(bot, 'dan@contoso.com').HybridPSTNSite).toBeNull();
  });

  test('when the change is about an approver, then that approver may not approve it', async () => {
    const request = await fileRequest(bot, MEGAN, 'block international adele@contoso.com');
    expect((await bot.app.store.getRequest(request))?.targetObjectId).toBe(ADELE.aadObjectId);
    const [refusal] = await answersTo(bot, ADELE, `approve ${request}`);
    expect(refusal).toBe(`Request #${request} changes your own account, so you can't decide on it. Another approver has to.`);
    expect((await bot.app.store.getRequest(request))?.state).toBe('pending');
    expect(tenantUser(bot, 'adele@contoso.com').VoiceRoutingPolicy).toBeNull();
  });

  test('when undo names a request that cannot be undone, then the answer says why and nothing is filed', async () => {
    expect((await answersTo(bot, MEGAN, 'undo 999'))[0]).toBe('There is no request #999.');
    const pending = await fileRequest(bot, MEGAN, 'enable voice erin@contoso.com +14255550199');
    expect((await answersTo(bot, MEGAN, `undo ${pending}`))[0]).toBe(`Request #${pending} is in the state “Waiting for approval”; only a change that succeeded can be undone.`);
  });

  test('when the same change is asked for while a request for it is open, then the answer names that request and nothing new is filed or sent', async () => {
    const first = await fileRequest(bot, MEGAN, 'assign site erin@contoso.com RedmondPSTN');
    const cardsBefore = bot.connector.sent().length;
    const requestsBefore = (await bot.app.store.findRequests({ limit: 1000 })).length;
    const expected = `Request #${first} already asks for this (Waiting for approval, filed by Megan Bowen), so nothing new was filed. Type status ${first} for the latest state.`;

    expect(await answersTo(bot, MEGAN, 'assign site erin@contoso.com RedmondPSTN')).toEqual([expected]);
    expect(await answersTo(bot, ADELE, 'assign site ERIN@contoso.com RedmondPSTN')).toEqual([expected]); // another admin, the UPN in other case
    expect((await bot.app.store.findRequests({ limit: 1000 })).length).toBe(requestsBefore);
    expect(bot.connector.sent().slice(cardsBefore).filter((call) => cardOf(call.activity))).toEqual([]);
    // A different value is a different change, filed as usual.
    expect((await answersTo(bot, MEGAN, 'assign site erin@contoso.com SeattlePSTN'))[0]).toMatch(/^Request #\d+ filed/);

    expect(await approve(bot, first, [ADELE])).toMatchObject({ state: 'succeeded' });
    expect((await answersTo(bot, MEGAN, 'assign site erin@contoso.com RedmondPSTN'))[0]).toMatch(/^Nothing to do: erin@contoso.com: HybridPSTNSite = RedmondPSTN/);
  });

  test('when the tenant already has the change by the time it runs, then it changes nothing and says so', async () => {
    const request = await fileRequest(bot, MEGAN, 'assign site bob@contoso.com RedmondPSTN');
    // Someone makes the same change elsewhere (the Teams admin center, say) while the request waits for approval.
    expect(await bot.app.executor.invoke({ command: 'Set-VoiceOpsPstnSite', arguments: { Identity: 'bob@contoso.com', Site: 'RedmondPSTN' } })).toMatchObject({ ok: true });
    expect(await approve(bot, request, [ADELE])).toMatchObject({
      state: 'succeeded',
      result: { verified: true, message: 'Already in the requested state when it came to run; nothing was changed.' },
    });
    const records = (await bot.app.store.auditRecords()).filter((r) => r.requestId === request).map((r) => r.operation);
    expect(records).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'ExecutionStarted', 'NoChangeNeeded']);
    expect(tenantUser(bot, 'bob@contoso.com').HybridPSTNSite).toBe('RedmondPSTN');
  });
});
