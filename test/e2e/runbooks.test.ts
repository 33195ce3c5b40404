import { answersTo, approve, fileRequest, tenantState } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { LocalDnsServer, type Zone } from '../support/dns-server';
import { ADELE, DIEGO, MEGAN } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';

const ZONE: Zone = {
  'ap.contoso.com': { A: ['203.0.113.10'] },
  '_sip._tls.contoso.com': { SRV: [{ target: 'ap.contoso.com', port: 443 }] },
  '_sipfederationtls._tcp.contoso.com': { SRV: [{ target: 'ap.contoso.com', port: 5061 }] },
};

/**
 * The two procedures as runbooks, end to end through real HTTP activities, real pwsh against the simulated tenant,
 * a real DNS server on 127.0.0.1 and the SQLite file the app keeps across a restart.
 */
describe('runbooks: cloud-connector and exchange-oauth', () => {
  const dns = new LocalDnsServer(ZONE);
  let bot: BotHarness;

  beforeAll(async () => {
    const server = await dns.start();
    bot = await new BotHarness({ VOICEOPS_DNS_SERVERS: server }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await dns.stop();
  });

  /** The runbook card of the last reply, as text. */
  function lastCard(): string {
    const cards = bot.connector.sent().map((c) => cardOf(c.activity)).filter(Boolean);
    return cardText(cards[cards.length - 1]);
  }

  test('when a runbook is asked for without its domain, then a form asks for it, and submitting it starts the runbook with every step listed', async () => {
    const [text] = await answersTo(bot, DIEGO, 'runbook cloud-connector');
    expect(text).toBe('The runbook needs these values before it starts.');
    const form = cardOf(bot.connector.sent()[0].activity) as Record<string, any>;
    expect(form.actions[0]).toMatchObject({ verb: 'runbook-start', data: { operation: 'cloud-connector' } });
    expect(cardText(form)).toContain('The SIP domain is required.');

    bot.connector.clear();
    const answer = await bot.click(DIEGO, 'runbook-start', { operation: 'cloud-connector', arg_domain: 'contoso.com', arg_user: 'alice@contoso.com', arg_site: 'RedmondPSTN' });
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    // The invoke is answered from the store at once (Teams waits only seconds); the checked card follows.
    expect(cardText(answer.value)).toMatch(/A4\. DNS[^]*?not started[^]*?a verified card follows in a moment/);
    await bot.app.runner.drain();
    const card = lastCard();
    for (const step of ['A0.', 'A1. Firewall ports', 'A2. PSTN gateways', 'A3. Tenant domain', 'A4. DNS', 'A5. Hybrid connectivity', 'A6. Users added and licensed', 'A7.', 'A8.', 'A9.', 'A10.']) {
      expect(card).toContain(step);
    }
    expect(card).toContain('manual, not ticked yet');
    // Checks ran as the card was shown: DNS from the local server, Alice's E5 licence from the simulated tenant.
    expect(card).toMatch(/A4\. DNS[^]*?verified, by a check at/);
    expect(card).toMatch(/A6\. Users added and licensed[^]*?verified, by a check at[^]*?alice@contoso.com has a voice licence/);
    expect(card).toMatch(/A5\. Hybrid connectivity[^]*?not started[^]*?runbook run cloud-connector hybrid/);
    // Stored as given; the edge defaults to ap.<domain> when read.
    expect((await bot.app.store.getRunbook(bot.config.tenantId, 'cloud-connector'))?.parameters).toEqual({ domain: 'contoso.com', user: 'alice@contoso.com', site: 'RedmondPSTN' });
    expect(card).toContain('edge: ap.contoso.com');
  });

  test('when an admin ticks a manual step, then it shows as done by them and the reason is in the audit trail', async () => {
    const [text] = await answersTo(bot, DIEGO, 'runbook tick cloud-connector firewall ports 443 and 5061 opened, change CHG0042');
    expect(text).toContain('A1. Firewall ports opened for the perimeter network: done, by Diego Siciliani at');
    expect(lastCard()).toMatch(/A1\. Firewall ports[^]*?done, by Diego Siciliani at[^]*?ports 443 and 5061 opened, change CHG0042/);

    const clicked = await bot.click(MEGAN, 'runbook-tick', { runbook: 'cloud-connector', step: 'gateways', reason_gateways: 'trunks to ms1 and ms2, TLS certificates imported' });
    expect(cardText(clicked.value)).toMatch(/A2\. PSTN gateways[^]*?done, by Megan Bowen at/);

    const ticks = (await bot.app.store.auditRecords()).filter((r) => r.operation === 'RunbookStepRecorded' && r.parameters.state === 'done');
    expect(ticks.map((r) => [r.userId, r.objectId, r.parameters.step, r.parameters.note])).toEqual([
      ['Diego Siciliani', 'runbook cloud-connector', 'firewall', 'ports 443 and 5061 opened, change CHG0042'],
      ['Megan Bowen', 'runbook cloud-connector', 'gateways', 'trunks to ms1 and ms2, TLS certificates imported'],
    ]);
    expect((await answersTo(bot, DIEGO, 'runbook tick cloud-connector hybrid done by hand'))[0]).toBe(
      'Step hybrid of cloud-connector is run by the bot, so it cannot be ticked: type runbook run cloud-connector hybrid to ask for it.',
    );
    expect((await answersTo(bot, DIEGO, 'runbook tick cloud-connector appliance'))[0]).toMatch(/^runbook tick needs why it is done/);
  });

  test('when a bot step is filed from the runbook and approved by two other admins, then the step is verified on the card (also when Teams refused the outcome message)', async () => {
    const request = await fileRequest(bot, DIEGO, 'runbook run cloud-connector hybrid');
    expect(cardText(bot.latestApprovalCard().card)).toContain("Set-CsTenantHybridConfiguration -PeerDestination 'ap.contoso.com'");
    await answersTo(bot, DIEGO, 'runbook verify cloud-connector');
    expect(lastCard()).toMatch(/A5\. Hybrid connectivity[^]*?not started, by Diego Siciliani at[^]*?Request #\d+ filed, waiting for approval\./);

    const outcomeMessage = (c: { method: string; activity: Record<string, any> }) => c.method === 'POST' && String(c.activity.text ?? '').startsWith(`#${request} `);
    // 403 (the bot is not in the conversation's roster) is not retried: the message is lost for good.
    bot.connector.refuse(outcomeMessage, 1, 403);
    expect(await approve(bot, request, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).tenantHybridConfiguration.PeerDestination).toBe('ap.contoso.com');
    expect(bot.connector.refused.filter(outcomeMessage)).toHaveLength(1);
    // Settled when the request finished, before anyone looks, though the message telling the requester failed.
    const stored = (await bot.app.store.getRunbook(bot.config.tenantId, 'cloud-connector'))?.steps.find((s) => s.step === 'hybrid');
    expect(stored).toMatchObject({ state: 'verified', requestId: request, note: `Request #${request} ran and its read-back verified it.` });

    await answersTo(bot, MEGAN, 'runbook verify cloud-connector');
    expect(lastCard()).toMatch(new RegExp(`A5\\. Hybrid connectivity[^]*?verified, by Diego Siciliani at[^]*?Request #${request} ran and its read-back verified it`));
  });

  test('when a step needs a value the runbook does not hold, then the answer names it and files nothing', async () => {
    expect((await answersTo(bot, DIEGO, 'runbook run cloud-connector voice'))[0]).toBe('This step needs the phone number in E.164 form. Usage: runbook run cloud-connector voice <number>.');
    expect((await answersTo(bot, DIEGO, 'runbook run cloud-connector firewall'))[0]).toBe(
      'Step firewall of cloud-connector is done outside the bot: tick it when it is done with runbook tick cloud-connector firewall <reason>.',
    );
    expect((await answersTo(bot, DIEGO, 'runbook run cloud-connector teleport'))[0]).toMatch(/^The runbook cloud-connector has no step "teleport"\. Its steps are: appliance, firewall/);
  });

  test('when the Exchange OAuth runbook\'s button files a step, then approval applies and the step follows the request', async () => {
    await answersTo(bot, DIEGO, 'runbook exchange-oauth contoso.com dc=dc01.contoso.com');
    expect(lastCard()).toMatch(/B6\. Certificate and service principal key[^]*?failed, by a check at[^]*?has no Verify key/);
    const clicked = await bot.click(DIEGO, 'runbook-run', { runbook: 'exchange-oauth', step: 'account' });
    expect(cardText(clicked.value)).toMatch(/B2a\. Mail user SfBOnline-ApplicationAccount created[^]*?not started, by Diego Siciliani at[^]*?filed, waiting for approval/);
    await bot.app.runner.drain();
    const { requestId } = bot.latestApprovalCard();
    expect((await bot.app.store.getRequest(requestId))?.operation).toBe('exchange-oauth-account');
    expect(await approve(bot, requestId, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded' });
    await answersTo(bot, DIEGO, 'runbook verify exchange-oauth');
    expect(lastCard()).toMatch(/B2a\. Mail user SfBOnline-ApplicationAccount created[^]*?verified, by Diego Siciliani/);
  });

  test('when a verified step is undone, then the next verify shows it to be done again, and running it again verifies it', async () => {
    const remove = await fileRequest(bot, DIEGO, 'exchange oauth remove account dc01.contoso.com');
    expect(await approve(bot, remove, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    expect(tenantState(bot).exchange.mailUsers).toEqual([]);
    // Without reading the tenant (the quick card a button answers with), the step keeps what its request said.
    const quick = await bot.click(ADELE, 'runbook-verify', { runbook: 'exchange-oauth' });
    expect(cardText(quick.value)).toMatch(/B2a\. Mail user SfBOnline-ApplicationAccount created[^]*?verified, by Diego Siciliani/);
    await bot.app.runner.drain();
    expect(lastCard()).toMatch(/B2a\. Mail user SfBOnline-ApplicationAccount created[^]*?not started, by a check at[^]*?no longer finds it \(undone, or changed by hand\)/);

    const again = await fileRequest(bot, DIEGO, 'runbook run exchange-oauth account');
    expect(await approve(bot, again, [MEGAN, ADELE])).toMatchObject({ state: 'succeeded', result: { verified: true } });
    await answersTo(bot, ADELE, 'runbook verify exchange-oauth');
    expect(lastCard()).toMatch(new RegExp(`B2a\\. Mail user SfBOnline-ApplicationAccount created[^]*?verified, by Diego Siciliani[^]*?Request #${again} ran and its read-back verified it`));
  });

  test('when a change was made outside the runbook, then the step is verified by its read-back when the card is shown', async () => {
    const request = await fileRequest(bot, DIEGO, 'block international alice@contoso.com');
    expect(await approve(bot, request, [MEGAN])).toMatchObject({ state: 'succeeded' });
    await answersTo(bot, ADELE, 'runbook verify cloud-connector');
    expect(lastCard()).toMatch(/A8\. International calls blocked[^]*?verified, by a check at[^]*?Found in place by the read-back\./);
  });

  test('when a step\'s request is rejected, then the step is not started again and says why, so it can be asked for again', async () => {
    const request = await fileRequest(bot, DIEGO, 'runbook run cloud-connector site');
    await answersTo(bot, MEGAN, `reject ${request} wrong site`);
    await bot.app.runner.drain();
    const stored = (await bot.app.store.getRunbook(bot.config.tenantId, 'cloud-connector'))?.steps.find((s) => s.step === 'site');
    expect(stored).toMatchObject({ state: 'not-started', requestId: request, note: `Request #${request} was rejected; nothing ran. Run the step again when ready.` });
    const clicked = await bot.click(ADELE, 'runbook-verify', { runbook: 'cloud-connector' });
    expect(cardText(clicked.value)).toMatch(/A9\. PSTN site assigned[^]*?not started, by Diego Siciliani at[^]*?was rejected/);
    await bot.app.runner.drain();
    expect(lastCard()).toMatch(/A9\. PSTN site assigned[^]*?not started, by Diego Siciliani at[^]*?was rejected[^]*?Checks and read-backs ran just now/);
  });

  test('when the app restarts on the same database, then every runbook is where it was, and runbook status says what is next', async () => {
    const before = await bot.app.store.getRunbook(bot.config.tenantId, 'cloud-connector');
    await bot.restart();
    expect(await bot.app.store.getRunbook(bot.config.tenantId, 'cloud-connector')).toEqual(before);

    const [status] = await answersTo(bot, ADELE, 'runbook status');
    expect(status.split('\n').filter(Boolean)).toEqual([
      'Runbooks of this tenant:',
      'cloud-connector: 5 of 10 steps done or verified. Next: A0. Cloud Connector appliance installed and registered on premises.',
      'exchange-oauth: 1 of 7 steps done or verified; 1 failed. Next: B1. OAuth between Exchange and Exchange Online (Hybrid Configuration wizard).',
    ]);
    await answersTo(bot, ADELE, 'runbook cloud-connector');
    expect(lastCard()).toMatch(/A1\. Firewall ports[^]*?done, by Diego Siciliani at/);
    expect(lastCard()).toMatch(/A5\. Hybrid connectivity[^]*?verified, by Diego Siciliani/);    const [help] = await answersTo(bot, ADELE, 'help');
    for (const usage of ['runbook cloud-connector [<domain>] [<edge>] [<site>] [<user>]', 'runbook exchange-oauth [<domain>] [<dc>]', 'runbook run <runbook> <step> [<values>]', 'runbook tick <runbook> <step> <reason>', 'runbook verify <runbook>', 'runbook status', 'check oauth [<dc>]']) {
      expect(help).toContain(`**${usage}**`);
    }
  });
});
