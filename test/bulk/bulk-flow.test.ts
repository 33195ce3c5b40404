import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';
import { tenantUser, updateTenantState } from '../support/tenant-state';
import { expectStoppedPartWay } from '../support/stopped-bulk';
import { bulkUser, writeBulkTenant } from './bulk-tenant';

const HEADER = 'upn,number,site,international';
const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** A bot with a pool of two sessions over a tenant of seed users plus `extraUsers` bulk users. */
async function startBot(options: { extraUsers: number; users?: Record<string, Record<string, unknown>>; env?: NodeJS.ProcessEnv }): Promise<BotHarness> {
  const bot = new BotHarness({ VOICEOPS_POOL_SIZE: '2', VOICEOPS_BULK_PROGRESS_MS: '0', ...options.env });
  writeBulkTenant(bot.dataDir, { extraUsers: options.extraUsers, users: options.users });
  return bot.start();
}

/** Sends the message and waits for the background check to answer. */
async function sayAndSettle(bot: BotHarness, text: string): Promise<void> {
  expect(await bot.say(MEGAN, text)).toBe(200);
  await bot.app.runner.drain();
}

function summaryCard(bot: BotHarness): string {
  const cards = bot.connector.sent().map((c) => cardOf(c.activity)).filter((c) => c && cardText(c).startsWith('Bulk check'));
  expect(cards.length).toBeGreaterThan(0);
  return cardText(cards[cards.length - 1]);
}

async function approveLatest(bot: BotHarness): Promise<number> {
  const { requestId, nonce } = bot.latestApprovalCard();
  const answer = await bot.click(ADELE, 'approve', { requestId, nonce });
  expect(answer.statusCode).toBe(200);
  await bot.app.runner.drain();
  return requestId;
}

function downloadLink(texts: string[]): string {
  const match = texts.map((t) => /(http:\/\/127\.0\.0\.1:\d+\/bulk\/outcomes\/\S+\.csv)/.exec(t)).filter(Boolean).pop();
  if (!match) throw new Error(`no download link in ${JSON.stringify(texts)}`);
  return match[1];
}

describe('bulk changes from pasted lines and CSV files', () => {
  let bot: BotHarness;

  afterEach(async () => {
    await bot?.stop();
  });

  test('when Megan pastes mixed rows, then the summary counts valid, invalid, duplicate, conflicting and already-done rows', async () => {
    bot = await startBot({
      extraUsers: 9,
      users: { [bulkUser(9)]: { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255551009' } },
    });
    const lines = [
      'bulk',
      HEADER,
      `${bulkUser(1)},+14255551001,SeattlePSTN,block`, // row 2: valid
      `${bulkUser(2)},+14255551002,,`, // row 3: valid
      'not-a-upn,+14255551003,,', // row 4: invalid UPN
      `${bulkUser(4)},12345,,`, // row 5: invalid number
      `${bulkUser(1)},+14255551001,SeattlePSTN,block`, // row 6: duplicate of row 2
      `${bulkUser(5)},+14255551006,,`, // row 7: same number as row 8
      `${bulkUser(6)},+14255551006,,`, // row 8: same number as row 7
      `${bulkUser(7)},+14255551007,NoSuchSite,`, // row 9: unknown site (read from the tenant)
      'nobody@contoso.com,+14255551008,,', // row 10: no such user
      `${bulkUser(9)},+14255551009,,`, // row 11: already in the wanted state
      `${bulkUser(8)},,RedmondPSTN,sometimes`, // row 12: bad international value
      `${bulkUser(3)},,RedmondPSTN,allow`, // row 13: valid
    ];
    await sayAndSettle(bot, lines.join('\n'));

    const texts = bot.connector.texts();
    expect(texts[0]).toBe('Checking 12 rows against the tenant; the summary follows.');
    expect(texts).toContain('Checked 12 rows: 3 valid and to change, 1 already in the wanted state, 7 invalid, 1 duplicates.');
    const summary = summaryCard(bot);
    expect(summary).toContain('Row 4: "not-a-upn" is not a valid user principal name');
    expect(summary).toContain('Row 5: "12345" is not a valid phone number');
    expect(summary).toContain('Row 6: the same row as row 2; ignored');
    expect(summary).toContain('Row 7: the same number is on row 8 for another user');
    expect(summary).toContain('Row 8: the same number is on row 7 for another user');
    expect(summary).toContain('Row 9: The tenant has no hybrid PSTN site "NoSuchSite"');
    expect(summary).toContain('Row 10: the tenant has no user nobody@contoso.com');
    expect(summary).toContain('Row 12: international must be block, allow or reset');
    expect(summary).toContain('Request #1 covers the 3 valid rows; one approval runs them all.');

    const { card } = bot.latestApprovalCard();
    const shown = cardText(card);
    expect(shown).toContain('Request #1: bulk 3 users');
    expect(shown).toContain(`Set-CsUser -Identity '${bulkUser(1)}' -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI 'tel:+14255551001'`);
    expect(shown).toContain(`Set-CsUserPstnSettings -Identity '${bulkUser(3)}' -HybridPstnSite 'RedmondPSTN'`);
    expect(shown).toMatch(/# row set SHA-256 [0-9a-f]{64}/);
    const request = (await bot.app.store.getRequest(1))!;
    expect(JSON.parse(String(request.parameters.rows)).map((r: { row: number }) => r.row)).toEqual([2, 3, 13]);
  });

  test('when a second admin approves, then every valid row is changed, read back, audited, and the outcomes download', async () => {
    bot = await startBot({ extraUsers: 12 });
    const rows = Array.from({ length: 12 }, (_, i) => `${bulkUser(i + 1)},+1425555${String(2000 + i)},${i % 2 ? 'RedmondPSTN' : 'SeattlePSTN'},${i % 3 ? 'allow' : 'block'}`);
    await sayAndSettle(bot, ['bulk', HEADER, ...rows].join('\n'));
    expect(bot.connector.texts()).toContain('Checked 12 rows: 12 valid and to change, 0 already in the wanted state, 0 invalid, 0 duplicates.');
    const { requestId, nonce } = bot.latestApprovalCard();
    bot.connector.clear();
    expect((await bot.click(ADELE, 'approve', { requestId, nonce })).statusCode).toBe(200);
    await bot.app.runner.drain();
    for (let i = 0; i < 12; i += 1) {
      const user = tenantUser(bot.config.tenantStatePath, bulkUser(i + 1));
      expect(user).toMatchObject({ EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: `tel:+1425555${2000 + i}` });
      expect(user.HybridPSTNSite).toBe(i % 2 ? 'RedmondPSTN' : 'SeattlePSTN');
      expect(user.VoiceRoutingPolicy).toBe(i % 3 ? 'InternationalCallsAllowed' : 'InternationalCallsDisallowed');
    }
    const finished = (await bot.app.store.getRequest(requestId))!;
    expect(finished.state).toBe('succeeded');
    expect(finished.result?.message).toBe('12 rows: 12 changed, 0 no change needed, 0 failed.');

    // Progress went on the card in place, and the last version of it is the result.
    const updates = bot.connector.updates().map((u) => cardText(cardOf(u.activity)));
    expect(updates.some((t) => /Running: \d+ of 12 rows done/.test(t))).toBe(true);
    expect(updates[updates.length - 1]).toContain('12 rows: 12 changed, 0 no change needed, 0 failed.');

    // Each row's change is its own audited operation: started before pwsh ran, finished, verified by a read-back.
    const audit = await bot.app.store.queryAudit({ requestId, limit: 1000 });
    const verified = audit.filter((r) => r.operation === 'ChangeVerified' && r.resultStatus === 'Succeeded' && r.parameters.row !== undefined);
    expect(verified).toHaveLength(36);
    expect(new Set(verified.map((r) => r.objectId))).toEqual(new Set(Array.from({ length: 12 }, (_, i) => bulkUser(i + 1))));
    expect(audit.filter((r) => r.operation === 'ExecutionStarted' && r.parameters.row !== undefined)).toHaveLength(36);

    const texts = bot.connector.texts();
    expect(texts.some((t) => t.startsWith(`#${requestId} bulk 12 users: Succeeded and verified. 12 rows: 12 changed`))).toBe(true);
    const link = downloadLink(texts);
    const csv = await fetch(link);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csvLines = (await csv.text()).trim().split('\r\n');
    expect(csvLines[0]).toBe('row,upn,number,site,international,outcome,detail');
    expect(csvLines).toHaveLength(13);
    expect(csvLines[1]).toBe(`2,${bulkUser(1)},+14255552000,SeattlePSTN,block,changed,applied and verified by reading the user back`);
    // A tampered link is refused like an unknown one.
    expect((await fetch(link.replace(/[0-9a-f](?=\.csv$)/, (c) => (c === '0' ? '1' : '0')))).status).toBe(404);

    bot.connector.clear();
    await bot.say(MEGAN, `status ${requestId}`);
    expect(bot.connector.texts()[0]).toMatch(/^#1 bulk 12 users: Succeeded and verified\. 12 rows: 12 changed, 0 no change needed, 0 failed\. Download the per-row outcomes/);
  });

  test('when one row fails in the tenant, then the others still run, and a rerun of the same rows only touches what is not done', async () => {
    bot = await startBot({ extraUsers: 6 });
    const rows = [HEADER, ...Array.from({ length: 6 }, (_, i) => `${bulkUser(i + 1)},+1425555${3001 + i},,block`)];
    await sayAndSettle(bot, ['bulk', ...rows].join('\n'));
    // bob gets the number row 3 asks for after the rows were checked (a number already held is refused at the check):
    // the tenant refuses that one change when it runs.
    writeBack(bot, 'bob@contoso.com', { LineURI: 'tel:+14255553002', EnterpriseVoiceEnabled: true });
    const first = await approveLatest(bot);
    const firstRun = (await bot.app.store.getRequest(first))!;
    expect(firstRun.state).toBe('failed');
    expect(firstRun.result?.message).toBe('6 rows: 5 changed, 0 no change needed, 1 failed.');
    const failed = firstRun.result?.bulkRows?.filter((r) => r.outcome === 'failed') ?? [];
    expect(failed.map((r) => [r.row, r.user])).toEqual([[3, bulkUser(2)]]);
    expect(failed[0].detail).toMatch(/enable voice failed: .*already assigned to another user/);
    for (const n of [1, 3, 4, 5, 6]) expect(tenantUser(bot.config.tenantStatePath, bulkUser(n)).LineURI).toBe(`tel:+1425555${3000 + n}`);
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(2)).EnterpriseVoiceEnabled).toBe(false);

    // The number is freed; the same file again files a request for the one row not yet done.
    writeBack(bot, 'bob@contoso.com', { LineURI: '' });
    bot.connector.clear();
    await sayAndSettle(bot, ['bulk', ...rows].join('\n'));
    expect(bot.connector.texts()).toContain('Checked 6 rows: 1 valid and to change, 5 already in the wanted state, 0 invalid, 0 duplicates.');
    const second = await approveLatest(bot);
    const secondRun = (await bot.app.store.getRequest(second))!;
    expect(secondRun.result?.message).toBe('1 row: 1 changed, 0 no change needed, 0 failed.');
    const audit = await bot.app.store.queryAudit({ requestId: second, limit: 1000 });
    expect(new Set(audit.filter((r) => r.parameters.row !== undefined).map((r) => r.objectId))).toEqual(new Set([bulkUser(2)]));
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(2)).LineURI).toBe('tel:+14255553002');
  });

  test('when Megan stops a running bulk request, then rows already started finish, the rest are not run, and a rerun does only those', async () => {
    // 50 ms a tenant call: 40 rows over two sessions take a few seconds, time to stop it part-way.
    const bot = new BotHarness({ VOICEOPS_POOL_SIZE: '2', VOICEOPS_BULK_PROGRESS_MS: '0' });
    writeBulkTenant(bot.dataDir, { extraUsers: 40, latencyMs: 50 });
    await bot.start();
    try {
      const rows = Array.from({ length: 40 }, (_, i) => `${bulkUser(i + 1)},+1425556${String(1000 + i)},,`);
      await sayAndSettle(bot, ['bulk', HEADER, ...rows].join('\n'));
      const { requestId, nonce } = bot.latestApprovalCard();
      expect((await bot.click(ADELE, 'approve', { requestId, nonce })).statusCode).toBe(200);
      const rowsDone = () => bot.connector.updates().map((u) => /Running: (\d+) of 40 rows done/.exec(cardText(cardOf(u.activity)))?.[1]).filter(Boolean).length;
      for (const deadline = Date.now() + 60_000; rowsDone() < 3; ) {
        if (Date.now() > deadline) throw new Error('the bulk run made no progress');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      // Megan's and Adele's (an approver's) views of the card, as Teams refreshes them, offer Stop while it runs;
      // Diego, neither its requester nor an approver, may not stop it.
      const stopOffered = async (who: typeof MEGAN) => {
        const view = (await bot.click(who, 'refresh', { requestId, nonce }, undefined, 'automatic')).value;
        return { actions: (view.actions ?? []).map((a: { verb: string; title: string }) => [a.verb, a.title]), text: cardText(view) };
      };
      for (const who of [MEGAN, ADELE]) {
        const view = await stopOffered(who);
        expect(view.actions).toEqual([['cancel', 'Stop the run']]);
        expect(view.text).toContain(`You can stop it here or type cancel ${requestId}`);
      }
      expect((await stopOffered(DIEGO)).actions).toEqual([]);
      const sentBefore = bot.connector.texts().length;
      await bot.say(DIEGO, `cancel ${requestId}`);
      expect(bot.connector.texts().slice(sentBefore)).toEqual([`Only Megan Bowen, who filed request #${requestId}, or one of its approvers can stop it.`]);
      expect((await bot.click(MEGAN, 'cancel', { requestId, nonce })).statusCode).toBe(200);
      await bot.app.runner.drain();

      const run = (await bot.app.store.getRequest(requestId))!;
      const { changed, notRun } = expectStoppedPartWay(run, { rows: 40, minChanged: 3, stoppedBy: 'Megan Bowen', tenantStatePath: bot.config.tenantStatePath });
      expect(notRun[0].detail).toBe('not run: Megan Bowen stopped the run before this row started');
      const audit = await bot.app.store.queryAudit({ requestId, limit: 1000 });
      expect(audit.filter((r) => r.operation === 'StopRequested').map((r) => r.userId)).toEqual(['Megan Bowen']);
      expect(audit.filter((r) => r.operation === 'ApprovalRefused').map((r) => [r.userId, r.parameters.reason])).toEqual([['Diego Siciliani', 'NOT_ALLOWED_TO_STOP']]);
      expect(audit.filter((r) => r.operation === 'ExecutionStarted' && r.parameters.row !== undefined)).toHaveLength(changed.length);
      // Asked again once it has ended: too late, and nothing changes.
      bot.connector.clear();
      await bot.say(MEGAN, `cancel ${requestId}`);
      expect(bot.connector.texts()).toEqual([`Request #${requestId} is already in the state “Failed”, so it can no longer be cancelled.`]);

      // The same rows again: only those not run are to change.
      bot.connector.clear();
      await sayAndSettle(bot, ['bulk', HEADER, ...rows].join('\n'));
      expect(bot.connector.texts()).toContain(
        `Checked 40 rows: ${notRun.length} valid and to change, ${changed.length} already in the wanted state, 0 invalid, 0 duplicates.`,
      );
    } finally {
      await bot.stop();
    }
  });

  test('when the rows are already applied by the time an approved request runs, then each is reported as no change needed', async () => {
    bot = await startBot({ extraUsers: 2 });
    await sayAndSettle(bot, ['bulk', `${bulkUser(1)},+14255554001,,`, `${bulkUser(2)},+14255554002,,`].join('\n'));
    writeBack(bot, bulkUser(1), { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255554001' });
    const requestId = await approveLatest(bot);
    const run = (await bot.app.store.getRequest(requestId))!;
    expect(run.result?.bulkRows?.map((r) => [r.user, r.outcome])).toEqual([
      [bulkUser(1), 'no-change'],
      [bulkUser(2), 'changed'],
    ]);
  });

  test('when Megan offboards users with none and reset, then voice is disabled, sites cleared and policies reset, each read back', async () => {
    const voiceOn = (n: number) => ({ EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: `tel:+1425555800${n}` });
    bot = await startBot({
      extraUsers: 3,
      users: {
        [bulkUser(1)]: { ...voiceOn(1), HybridPSTNSite: 'SeattlePSTN', VoiceRoutingPolicy: 'InternationalCallsDisallowed' },
        [bulkUser(3)]: voiceOn(3),
      },
    });
    const rows = [HEADER, `${bulkUser(1)},none,none,reset`, `${bulkUser(2)},none,,`, `${bulkUser(3)},None,,`];
    await sayAndSettle(bot, ['bulk', ...rows].join('\n'));
    expect(bot.connector.texts()).toContain('Checked 3 rows: 2 valid and to change, 1 already in the wanted state, 0 invalid, 0 duplicates.');
    const shown = cardText(bot.latestApprovalCard().card);
    expect(shown).toContain(`Set-CsUser -Identity '${bulkUser(1)}' -EnterpriseVoiceEnabled $false -HostedVoiceMail $false -OnPremLineURI $null`);
    expect(shown).toContain(`Set-CsUserPstnSettings -Identity '${bulkUser(1)}' -HybridPstnSite $null`);
    expect(shown).toContain(`Grant-CsVoiceRoutingPolicy -Identity '${bulkUser(1)}' -PolicyName $null`);

    const requestId = await approveLatest(bot);
    const run = (await bot.app.store.getRequest(requestId))!;
    expect(run.result?.message).toBe('2 rows: 2 changed, 0 no change needed, 0 failed.');
    for (const n of [1, 3]) {
      expect(tenantUser(bot.config.tenantStatePath, bulkUser(n))).toMatchObject({ EnterpriseVoiceEnabled: false, HostedVoiceMail: false, LineURI: '' });
    }
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(1)).HybridPSTNSite ?? null).toBeNull();
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(1)).VoiceRoutingPolicy ?? null).toBeNull();
    const audit = await bot.app.store.queryAudit({ requestId, limit: 1000 });
    expect(audit.filter((r) => r.operation === 'ChangeVerified' && r.resultStatus === 'Succeeded' && r.parameters.row !== undefined).map((r) => [r.objectId, r.parameters.step])).toEqual(
      expect.arrayContaining([
        [bulkUser(1), 'disable-voice'],
        [bulkUser(1), 'clear-site'],
        [bulkUser(1), 'reset-international'],
        [bulkUser(3), 'disable-voice'],
      ]),
    );
  });

  test('when Megan exports the users as a bulk file, then sending it back unchanged changes nobody and an edited cell is the only change', async () => {
    bot = await startBot({
      extraUsers: 3,
      users: {
        [bulkUser(1)]: { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255558101', HybridPSTNSite: 'SeattlePSTN', VoiceRoutingPolicy: 'InternationalCallsDisallowed' },
        // Voice on but without voicemail: "enable voice" would turn voicemail on, so the number cell stays empty.
        [bulkUser(2)]: { EnterpriseVoiceEnabled: true, HostedVoiceMail: false, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255558102' },
      },
    });
    await bot.say(MEGAN, 'bulk export');
    const reply = bot.connector.texts().pop()!;
    expect(reply).toMatch(/^Every user's voice settings as a bulk file \(upn,number,site,international\), read from the tenant when you open the link \(CSV, link works for 1 hour\): http/);
    const link = /(http:\/\/127\.0\.0\.1:\d+\/bulk\/export\/\S+\.csv)/.exec(reply)![1];
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="voice-settings-\d{4}-\d{2}-\d{2}\.csv"$/);
    const csv = await download.text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('upn,number,site,international');
    expect(lines).toEqual(
      expect.arrayContaining([`${bulkUser(1)},+14255558101,SeattlePSTN,block`, `${bulkUser(2)},,none,reset`, `${bulkUser(3)},none,none,reset`]),
    );
    expect((await fetch(link.replace(/[0-9a-f](?=\.csv$)/, (c) => (c === '0' ? '1' : '0')))).status).toBe(404);

    // Who was given a link, and until when, is in the audit trail.
    const issued = (await bot.app.store.queryAudit({ limit: 100 })).filter((r) => r.operation === 'ExportLinkIssued');
    expect(issued.map((r) => [r.userId, r.resultStatus])).toEqual([['Megan Bowen', 'Succeeded']]);
    expect(Date.parse(String(issued[0].parameters.expires)) - Date.now()).toBeLessThanOrEqual(3_600_000);

    // Back unchanged: every row is already as it says, so nothing is filed.
    const users = lines.length - 1;
    bot.connector.clear();
    await sayAndSettle(bot, `bulk\n${csv}`);
    expect(bot.connector.texts()).toContain(`Checked ${users} rows: 0 valid and to change, ${users} already in the wanted state, 0 invalid, 0 duplicates.`);
    expect(await bot.app.store.getRequest(1)).toBeUndefined();

    // One edited cell: the only change filed.
    bot.connector.clear();
    await sayAndSettle(bot, `bulk\n${csv.replace(`${bulkUser(3)},none,none,reset`, `${bulkUser(3)},+14255558103,none,reset`)}`);
    expect(bot.connector.texts()).toContain(`Checked ${users} rows: 1 valid and to change, ${users - 1} already in the wanted state, 0 invalid, 0 duplicates.`);
    expect(JSON.parse(String((await bot.app.store.getRequest(1))!.parameters.rows)).map((r: { user: string }) => r.user)).toEqual([bulkUser(3)]);
  });

  test('when Megan undoes a bulk request, then a bulk request putting back each changed row is filed, approved and run', async () => {
    bot = await startBot({
      extraUsers: 3,
      users: {
        [bulkUser(2)]: { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255559002', HybridPSTNSite: 'SeattlePSTN', VoiceRoutingPolicy: 'InternationalCallsDisallowed' },
        // Voice on without a number: no bulk column says "enable voice, no number", so this row cannot be put back by bulk.
        [bulkUser(3)]: { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: '' },
      },
    });
    const before = [1, 2, 3].map((n) => tenantUser(bot.config.tenantStatePath, bulkUser(n)));
    const rows = [HEADER, `${bulkUser(1)},+14255559101,RedmondPSTN,allow`, `${bulkUser(2)},+14255559102,RedmondPSTN,allow`, `${bulkUser(3)},+14255559103,,`];
    await sayAndSettle(bot, ['bulk', ...rows].join('\n'));
    await bot.say(MEGAN, 'undo 1');
    expect(bot.connector.texts().pop()).toBe('Bulk request #1 is in the state “Waiting for approval”; only a bulk request whose run has ended can be undone.');
    await approveLatest(bot);
    expect((await bot.app.store.getRequest(1))!.result?.message).toBe('3 rows: 3 changed, 0 no change needed, 0 failed.');

    bot.connector.clear();
    await sayAndSettle(bot, 'undo 1');
    const texts = bot.connector.texts();
    expect(texts[0]).toBe('Undoing bulk request #1: checking the 3 rows it changed against the tenant; the summary follows.');
    expect(texts).toContain('Checked 3 rows: 2 valid and to change, 0 already in the wanted state, 1 invalid, 0 duplicates.');
    expect(summaryCard(bot)).toContain('Row 4: what request #1 replaced on this row cannot be written as a bulk row (LineURI (none)); restore it by hand');
    const undo = (await bot.app.store.getRequest(2))!;
    expect(undo.operation).toBe('bulk-change');
    expect(JSON.parse(String(undo.parameters.rows))).toEqual([
      { row: 2, user: bulkUser(1), number: 'none', site: 'none', international: 'reset' },
      { row: 3, user: bulkUser(2), number: '+14255559002', site: 'SeattlePSTN', international: 'block' },
    ]);
    const shown = cardText(bot.latestApprovalCard().card);
    expect(shown).toContain('# undoes request #1: puts back what its run changed');
    expect(shown).toContain(`Set-CsUser -Identity '${bulkUser(1)}' -EnterpriseVoiceEnabled $false -HostedVoiceMail $false -OnPremLineURI $null`);
    expect(undo.parameters.undoes).toBe(1);

    await approveLatest(bot);
    expect((await bot.app.store.getRequest(2))!.result?.message).toBe('2 rows: 2 changed, 0 no change needed, 0 failed.');
    const fields = ['EnterpriseVoiceEnabled', 'HostedVoiceMail', 'LineURI', 'HybridPSTNSite', 'VoiceRoutingPolicy'] as const;
    const pick = (user: Record<string, unknown>) => Object.fromEntries(fields.map((f) => [f, user[f] || null]));
    for (const n of [1, 2]) expect(pick(tenantUser(bot.config.tenantStatePath, bulkUser(n)))).toEqual(pick(before[n - 1]));
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(3)).LineURI).toBe('tel:+14255559103');

    // Both bulk requests are part of each row's user's history, the undo first.
    bot.connector.clear();
    await bot.say(DIEGO, `history ${bulkUser(1)}`);
    expect(bot.connector.texts()[0]).toMatch(/^#2 bulk 2 users: Succeeded and verified\s+#1 bulk 3 users: Succeeded and verified$/);
  });

  test('when a row was changed in the tenant since filing, then that row is refused whole, the others run, and a rerun shows it again', async () => {
    bot = await startBot({ extraUsers: 4 });
    const rows = [
      `${bulkUser(1)},+14255557001,,`, // row 2: untouched since filing
      `${bulkUser(2)},+14255557002,,`, // row 3: someone gives the user another number meanwhile
      `${bulkUser(3)},+14255557003,SeattlePSTN,`, // row 4: someone puts the user in another site meanwhile
      `${bulkUser(4)},+14255557004,,`, // row 5: someone makes the very change meanwhile
    ];
    await sayAndSettle(bot, ['bulk', HEADER, ...rows].join('\n'));
    const filed = (await bot.app.store.getRequest(1))!;
    expect(JSON.parse(String(filed.parameters.rowsSeen))['3']).toMatchObject({ EnterpriseVoiceEnabled: 'False', LineURI: '(none)' });
    writeBack(bot, bulkUser(2), { EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255557999' });
    writeBack(bot, bulkUser(3), { HybridPSTNSite: 'RedmondPSTN' });
    writeBack(bot, bulkUser(4), { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, VoicePolicy: 'HybridVoice', LineURI: 'tel:+14255557004' });

    const requestId = await approveLatest(bot);
    const run = (await bot.app.store.getRequest(requestId))!;
    expect(run.state).toBe('failed');
    expect(run.result?.message).toBe('4 rows: 1 changed, 1 no change needed, 2 failed.');
    expect(run.result?.bulkRows?.map((r) => [r.row, r.outcome])).toEqual([
      [2, 'changed'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'no-change'],
    ]);
    const detail = (row: number) => run.result?.bulkRows?.find((r) => r.row === row)?.detail;
    expect(detail(3)).toBe(
      'not run: since the request was filed, what this row would overwrite was changed in the tenant (LineURI: (none) → tel:+14255557999), ' +
        'so the approval no longer matches it; nothing was changed. Send the row again to see the current state',
    );
    expect(detail(4)).toContain('(HybridPSTNSite: (tenant default) → RedmondPSTN)');
    // Refused whole: row 4's number was not assigned although only its site had drifted.
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(2)).LineURI).toBe('tel:+14255557999');
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(3))).toMatchObject({ EnterpriseVoiceEnabled: false, LineURI: '', HybridPSTNSite: 'RedmondPSTN' });
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(1)).LineURI).toBe('tel:+14255557001');

    const audit = await bot.app.store.queryAudit({ requestId, limit: 1000 });
    const refused = audit.filter((r) => r.operation === 'ExecutionRefused');
    expect(refused.map((r) => [r.objectId, r.parameters.reason, r.parameters.mismatches])).toEqual(
      expect.arrayContaining([
        [bulkUser(2), 'STATE_CHANGED', ['LineURI']],
        [bulkUser(3), 'STATE_CHANGED', ['HybridPSTNSite']],
      ]),
    );
    expect(refused).toHaveLength(2);
    expect(audit.filter((r) => r.operation === 'ExecutionStarted' && r.parameters.row !== undefined).map((r) => r.objectId)).toEqual([bulkUser(1)]);

    // The same rows again: the two refused ones are to change, from the state the tenant shows now.
    bot.connector.clear();
    await sayAndSettle(bot, ['bulk', HEADER, ...rows].join('\n'));
    expect(bot.connector.texts()).toContain('Checked 4 rows: 2 valid and to change, 2 already in the wanted state, 0 invalid, 0 duplicates.');
    const again = (await bot.app.store.getRequest(2))!;
    expect(JSON.parse(String(again.parameters.rowsSeen))).toEqual({
      '3': expect.objectContaining({ LineURI: 'tel:+14255557999' }),
      '4': expect.objectContaining({ HybridPSTNSite: 'RedmondPSTN' }),
    });
  });

  test('when the requester approves her own bulk request, then it is refused; when an approver is a target, then only that row is refused', async () => {
    bot = await startBot({ extraUsers: 1 });
    await sayAndSettle(bot, ['bulk', `${bulkUser(1)},+14255555001,,`, 'adele@contoso.com,+14255555002,,'].join('\n'));
    const { requestId, nonce } = bot.latestApprovalCard();
    const answer = await bot.click(MEGAN, 'approve', { requestId, nonce });
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(answer.value).toMatch(/nobody may approve or reject their own request/);
    await bot.app.runner.drain();
    expect((await bot.app.store.getRequest(requestId))!.state).toBe('pending');
    expect(tenantUser(bot.config.tenantStatePath, bulkUser(1)).EnterpriseVoiceEnabled).toBe(false);

    await approveLatest(bot);
    const run = (await bot.app.store.getRequest(requestId))!;
    expect(run.result?.bulkRows?.map((r) => [r.user, r.outcome])).toEqual([
      [bulkUser(1), 'changed'],
      ['adele@contoso.com', 'failed'],
    ]);
    expect(run.result?.bulkRows?.[1].detail).toMatch(/changes the account of someone who approved the request/);
    expect(tenantUser(bot.config.tenantStatePath, 'adele@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  describe('CSV files', () => {
    let files: Server;
    let filesUrl = '';
    const served = new Map<string, string>();

    beforeEach(async () => {
      files = createServer((req, res) => {
        const body = served.get(req.url ?? '');
        if (body === undefined) {
          res.writeHead(404);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end(body);
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    });

    afterEach(async () => {
      await new Promise<void>((resolve) => files.close(() => resolve()));
    });

    /** A message as Teams sends it when a file is uploaded to the bot: no text, a file.download.info attachment. */
    async function upload(name: string, path: string): Promise<void> {
      const status = await bot.message(MEGAN, {
        text: '',
        attachments: [{ contentType: FILE_INFO, name, content: { downloadUrl: `${filesUrl}${path}`, uniqueId: 'file-1', fileType: 'csv' } }],
      });
      expect(status).toBe(200);
      await bot.app.runner.drain();
    }

    test('when Megan uploads a CSV file, then the bot downloads it and files one request for its valid rows', async () => {
      bot = await startBot({ extraUsers: 3 });
      served.set('/users.csv', [HEADER, `${bulkUser(1)},+14255556001,SeattlePSTN,`, `${bulkUser(2)},+14255556002,,block`, 'bad,row'].join('\r\n'));
      await upload('users.csv', '/users.csv');
      expect(bot.connector.texts()).toContain('Checked 3 rows: 2 valid and to change, 0 already in the wanted state, 1 invalid, 0 duplicates.');
      expect(summaryCard(bot)).toContain('Row 4: expected 4 columns (upn,number,site,international), found 2');
      await approveLatest(bot);
      expect(tenantUser(bot.config.tenantStatePath, bulkUser(1))).toMatchObject({ LineURI: 'tel:+14255556001', HybridPSTNSite: 'SeattlePSTN' });
      expect(tenantUser(bot.config.tenantStatePath, bulkUser(2))).toMatchObject({ LineURI: 'tel:+14255556002', VoiceRoutingPolicy: 'InternationalCallsDisallowed' });
    });

    test('when the file or the paste is over the limits, then the bot says so and files nothing', async () => {
      bot = await startBot({ extraUsers: 0, env: { VOICEOPS_BULK_MAX_ROWS: '3', VOICEOPS_BULK_MAX_FILE_KB: '1' } });
      served.set('/big.csv', `${HEADER}\n${'x'.repeat(2048)}`);
      await upload('big.csv', '/big.csv');
      expect(bot.connector.texts()).toEqual(['The file is larger than 1 KB, the most one bulk request takes. Split it into smaller files.']);
      bot.connector.clear();
      await sayAndSettle(bot, ['bulk', 'a@contoso.com,+14255557001,,', 'b@contoso.com,+14255557002,,', 'c@contoso.com,+14255557003,,', 'd@contoso.com,+14255557004,,'].join('\n'));
      expect(bot.connector.texts()).toEqual(['That is 4 rows; one bulk request takes at most 3. Split it into smaller files.']);
      bot.connector.clear();
      await sayAndSettle(bot, 'bulk');
      expect(bot.connector.texts()[0]).toMatch(/^Paste the rows after bulk, one per line: upn,number,site,international/);
      expect(await bot.app.store.getRequest(1)).toBeUndefined();
    });
  });
});

/** Edits one user in the simulated tenant's state file, as another admin working in the admin centre would. */
function writeBack(bot: BotHarness, upn: string, changes: Record<string, unknown>): void {
  updateTenantState(bot.config.tenantStatePath, (state) => {
    Object.assign(state.users.find((u) => u.UserPrincipalName === upn) ?? {}, changes);
  });
}
