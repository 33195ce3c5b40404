import { existsSync } from 'node:fs';
import { verifyAuditChain } from '../../src/domain/audit/audit-record';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';
import { readTenantState, tenantUser } from '../support/tenant-state';

const ENABLE = 'enable voice alice@contoso.com +14255550100';

describe('enable voice, from a Teams message to a verified change', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await new BotHarness().start();
  });

  afterEach(async () => {
    await bot.stop();
  });

  test('when Megan asks and Adele approves, then the change runs once, is verified, audited and reported', async () => {
    expect(await bot.say(MEGAN, ENABLE)).toBe(200);
    const filed = bot.connector.sent();
    expect(filed[0].activity.text).toMatch(/Request #1 filed and waiting for approval/);
    const { requestId, nonce, card } = bot.latestApprovalCard();
    expect(requestId).toBe(1);
    const shown = cardText(card);
    expect(shown).toContain("Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI 'tel:+14255550100'");
    expect(shown).toContain('Waiting for approval (0 of 1)');
    expect(shown).toMatch(/EnterpriseVoiceEnabled\nFalse\n→\nTrue/);
    expect(shown).toMatch(/LineURI\n\(none\)\n→\ntel:\+14255550100/);
    expect(card.version).toBe('1.5');
    expect(card.actions ?? []).toEqual([]);
    expect(card.refresh.userIds).toContain(`8:orgid:${ADELE.aadObjectId}`);
    const adeleSees = await bot.viewAs(ADELE, requestId, nonce);
    expect(adeleSees.actions.map((a: any) => [a.type, a.verb])).toEqual([
      ['Action.Execute', 'approve'],
      ['Action.Execute', 'reject'],
    ]);
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);

    const answer = await bot.click(ADELE, 'approve', { requestId, nonce });
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(answer.value)).toContain('Approved by Adele Vance');
    await bot.app.runner.drain();

    const alice = tenantUser(bot.config.tenantStatePath, 'alice@contoso.com');
    expect(alice).toMatchObject({ EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255550100' });

    const updates = bot.connector.updates();
    const finalCard = cardOf(updates[updates.length - 1].activity);
    const finalText = cardText(finalCard);
    expect(finalText).toContain('Succeeded and verified');
    expect(finalText).toContain('Approved by Adele Vance');
    expect(finalCard?.actions ?? []).toHaveLength(0);
    expect(bot.connector.texts().some((t) => /#1 enable voice alice@contoso.com: Succeeded and verified/.test(t))).toBe(true);

    const audit = await bot.app.store.auditRecords();
    expect(audit.map((r) => r.operation)).toEqual([
      'RequestCreated',
      'ApprovalGranted',
      'RequestApproved',
      'ExecutionStarted',
      'ExecutionFinished',
      'ChangeVerified',
    ]);
    expect(audit.every((r) => r.requestId === 1 && r.objectId === 'alice@contoso.com')).toBe(true);
    expect(verifyAuditChain(audit)).toMatchObject({ intact: true, records: 6 });

    bot.connector.clear();
    await bot.say(MEGAN, 'status 1');
    expect(bot.connector.texts()[0]).toMatch(/^#1 enable voice alice@contoso.com: Succeeded and verified/);
    expect(cardText(cardOf(bot.connector.sent()[0].activity))).toContain('Succeeded and verified');

    bot.connector.clear();
    await bot.say(MEGAN, 'status');
    expect(bot.connector.texts()[0]).toContain('#1 enable voice alice@contoso.com: Succeeded and verified');
  });

  test('when Megan approves her own request, then she is refused, the refusal is audited and nothing runs', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId, nonce } = bot.latestApprovalCard();
    const answer = await bot.click(MEGAN, 'approve', { requestId, nonce });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(answer.value).toMatch(/You filed request #1 yourself, and nobody may approve or reject their own request/);
    await bot.app.runner.drain();
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
    const audit = await bot.app.store.auditRecords();
    expect(audit.map((r) => [r.operation, r.resultStatus])).toEqual([
      ['RequestCreated', 'Pending'],
      ['ApprovalRefused', 'Refused'],
    ]);
    expect((await bot.app.store.getRequest(1))?.state).toBe('pending');
  });

  test('when someone who is not an approver clicks Approve, then they are refused and nothing runs', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId, nonce } = bot.latestApprovalCard();
    const answer = await bot.click(DIEGO, 'approve', { requestId, nonce });
    expect(answer.value).toMatch(/not an approver/);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(1))?.state).toBe('pending');
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  test('when Adele double-clicks Approve, then the change runs once', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId, nonce } = bot.latestApprovalCard();
    const [first, second] = await Promise.all([
      bot.click(ADELE, 'approve', { requestId, nonce }),
      bot.click(ADELE, 'approve', { requestId, nonce }),
    ]);
    await bot.app.runner.drain();
    // A repeated invoke gets the same answer as the first and changes nothing.
    expect(first.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(second).toEqual(first);
    const audit = await bot.app.store.auditRecords();
    expect(audit.filter((r) => r.operation === 'ExecutionStarted')).toHaveLength(1);
    expect(audit.filter((r) => r.operation === 'ApprovalGranted')).toHaveLength(1);
    expect(verifyAuditChain(audit).intact).toBe(true);
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('succeeded');
  });

  test('when the card carries a wrong nonce, then the click is refused as a stale card', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId } = bot.latestApprovalCard();
    const answer = await bot.click(ADELE, 'approve', { requestId, nonce: 'forged' });
    expect(answer.value).toMatch(/does not match request #1/);
    expect((await bot.app.store.getRequest(1))?.state).toBe('pending');
  });

  test('when Adele types approve N, then the text twin does what the button does', async () => {
    await bot.say(MEGAN, ENABLE);
    await bot.say(ADELE, 'approve 1');
    await bot.app.runner.drain();
    expect(bot.connector.texts()).toContain('You approved request #1; it is running now and this card will update when it is verified.');
    expect((await bot.app.store.getRequest(1))?.state).toBe('succeeded');
  });

  test('when Adele rejects with a reason, then nothing runs and Megan is told', async () => {
    await bot.say(MEGAN, ENABLE);
    await bot.say(ADELE, 'reject 1 wrong number range');
    expect((await bot.app.store.getRequest(1))?.state).toBe('rejected');
    await bot.app.runner.drain();
    expect(bot.connector.texts().some((t) => /#1 enable voice alice@contoso.com: Rejected/.test(t))).toBe(true);
    expect(cardText(cardOf(bot.connector.updates()[0].activity))).toContain('Rejected by Adele Vance: wrong number range');
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  test('when another change reached the user after filing, then the approved request is not run over it and Megan is told what changed', async () => {
    await bot.say(MEGAN, ENABLE);
    await bot.say(DIEGO, 'enable voice alice@contoso.com +14255550199');
    await bot.say(ADELE, 'approve 2');
    await bot.app.runner.drain();
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550199' });

    // Request 1's card showed LineURI (none) → tel:+14255550100; the number it would overwrite is not the one approved.
    await bot.say(ADELE, 'approve 1');
    await bot.app.runner.drain();
    const first = await bot.app.store.getRequest(1);
    expect(first?.state).toBe('failed');
    expect(first?.result?.mismatches).toEqual(['LineURI']);
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com')).toMatchObject({ LineURI: 'tel:+14255550199' });
    const told = bot.connector.texts().find((t) => t.startsWith('#1 '));
    expect(told).toContain('Not run: since the request was filed, what it would overwrite was changed in the tenant (LineURI: (none) → tel:+14255550199)');
    const audit = (await bot.app.store.auditRecords()).filter((r) => r.requestId === 1).map((r) => r.operation);
    expect(audit.slice(-2)).toEqual(['ExecutionStarted', 'ExecutionRefused']);
    expect(audit).not.toContain('ExecutionFinished');
  });

  test('when Megan checks voice, then the four properties come back at once with no request filed', async () => {
    await bot.say(MEGAN, 'check voice bob@contoso.com');
    const [reply] = bot.connector.sent();
    expect(reply.activity.text).toBe('bob@contoso.com: EnterpriseVoiceEnabled = False, HostedVoiceMail = False, VoicePolicy = BusinessVoice, LineURI = (none)');
    expect(cardText(cardOf(reply.activity))).toContain('EnterpriseVoiceEnabled: False');
    expect(await bot.app.store.auditRecords()).toHaveLength(0);
  });

  test('when the audit log cannot be written, then no request is filed and Megan is told why', async () => {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(bot.config.databasePath);
    db.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    db.close();
    await bot.say(MEGAN, ENABLE);
    expect(bot.connector.texts()[0]).toMatch(/could not write the audit record for this step, so I did not do it/);
    expect(await bot.app.store.getRequest(1)).toBeUndefined();
    expect(existsSync(bot.config.tenantStatePath) && JSON.stringify(readTenantState(bot.config.tenantStatePath))).not.toMatch(/tel:\+14255550100/);
  });

  test('when the audit log refuses the approval record, then the approval does not count, nothing runs, and Adele is told', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId, nonce } = bot.latestApprovalCard();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(bot.config.databasePath);
    db.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log WHEN NEW.operation = 'ApprovalGranted' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    db.close();
    const answer = await bot.click(ADELE, 'approve', { requestId, nonce });
    await bot.app.runner.drain();
    expect(JSON.stringify(answer)).toMatch(/could not write the audit record for this step, so I did not do it/);
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('pending');
    expect(await bot.app.store.votes(requestId)).toEqual([]);
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  test('when the audit log refuses the execution-start record, then pwsh never runs the change', async () => {
    await bot.say(MEGAN, ENABLE);
    const { requestId, nonce } = bot.latestApprovalCard();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(bot.config.databasePath);
    db.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log WHEN NEW.operation = 'ExecutionStarted' BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
    db.close();
    await bot.click(ADELE, 'approve', { requestId, nonce });
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))?.state).toBe('approved');
    expect((await bot.app.store.auditRecords()).map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved']);
    expect(tenantUser(bot.config.tenantStatePath, 'alice@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: false, LineURI: '' });
  });
});
