import { GraphLicenseSource } from '../../src/adapters/graph/graph-license-source';
import { FetchGraphClient } from '../../src/domain/policy/graph-group-directory';
import { BotHarness } from '../support/bot-harness';
import { E3_ONLY, E5_WITH_PHONE, LocalGraphServer } from '../support/graph-server';
import { DIEGO } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';
import { updateTenantState } from '../support/tenant-state';

async function ask(bot: BotHarness, text: string): Promise<{ text: string; card: string }> {
  bot.connector.clear();
  await bot.say(DIEGO, text);
  const [reply] = bot.connector.sent();
  return { text: String(reply.activity.text), card: cardOf(reply.activity) ? cardText(cardOf(reply.activity)) : '' };
}

/** Sets up the simulated tenant as an admin would have left it (not a fake: the file the pwsh module reads). */
function editTenantUser(bot: BotHarness, upn: string, change: Record<string, unknown>): void {
  updateTenantState(bot.config.tenantStatePath, (state) => {
    Object.assign(state.users.find((u) => u.UserPrincipalName === upn) ?? {}, change);
  });
}

/** Dev mode: licences from the simulated tenant's records, voice settings through real pwsh. */
describe('check user and check license in dev mode', () => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await new BotHarness().start();
  });
  afterAll(() => bot.stop());

  test('given an E5 user, then check license names the plan and files nothing', async () => {
    const { text, card } = await ask(bot, 'check license alice@contoso.com');
    expect(text).toBe('alice@contoso.com has a voice licence: Phone System is provisioned through ENTERPRISEPREMIUM. Licences: ENTERPRISEPREMIUM.');
    expect(card).toContain('Licence: ✓ ENTERPRISEPREMIUM');
    expect(await bot.app.store.listRequestsByRequester(DIEGO.aadObjectId, 5)).toEqual([]);
  });

  test('given an E3-only user, then check licence (either spelling) says no voice licence', async () => {
    const { text } = await ask(bot, 'check licence erin@contoso.com');
    expect(text).toBe('erin@contoso.com has no voice licence: no licence includes Phone System (Teams Phone) or E5. Licences: ENTERPRISEPACK.');
  });

  test('given an unknown user, then the reply names the user', async () => {
    const { text } = await ask(bot, 'check license nobody@contoso.com');
    expect(text).toContain('The tenant has no user nobody@contoso.com');
  });

  test('given a user without voice, then check user lists every missing piece in one card', async () => {
    const { text, card } = await ask(bot, 'check user alice@contoso.com');
    expect(text).toMatch(/^alice@contoso.com is not ready for voice: voice enabled, voicemail, number\./);
    expect(card).toContain('Voice readiness of alice@contoso.com');
    expect(card).toContain('Licence: ✓ ENTERPRISEPREMIUM');
    expect(card).toContain('Voice enabled: ✗ False');
    expect(card).toContain('Voicemail: ✗ False');
    expect(card).toContain('Voice policy: BusinessVoice');
    expect(card).toContain('Number: ✗ (none)');
  });

  test('given a fully set-up user, then check user says ready', async () => {
    editTenantUser(bot, 'bob@contoso.com', { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, LineURI: 'tel:+14255550101' });
    const { text, card } = await ask(bot, 'check user bob@contoso.com');
    expect(text).toMatch(/^bob@contoso.com is ready for voice\./);
    expect(card).toContain('Number: ✓ tel:+14255550101');
  });

  test('given E3 only, then the licence is the named gap', async () => {
    const { text } = await ask(bot, 'check user erin@contoso.com');
    expect(text).toMatch(/^erin@contoso.com is not ready for voice: licence, /);
  });

  test('given an unknown user, then check user answers that, not a card of errors', async () => {
    const { text, card } = await ask(bot, 'check user nobody@contoso.com');
    expect(text).toContain('The tenant has no user nobody@contoso.com');
    expect(card).not.toContain('Voice readiness');
  });
});

/** The Graph path end to end: the bot asks a local server playing Graph. */
describe('check license through Microsoft Graph', () => {
  const graph = new LocalGraphServer({ 'alice@contoso.com': [E5_WITH_PHONE], 'erin@contoso.com': [E3_ONLY] });
  let bot: BotHarness;
  beforeAll(async () => {
    const url = await graph.start();
    bot = await new BotHarness({}, { licenses: new GraphLicenseSource(new FetchGraphClient(url, async () => 'graph-test-token')) }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await graph.stop();
  });
  afterEach(() => (graph.failWith = undefined));

  test('given Graph has the licences, then the answer comes from Graph', async () => {
    const { text } = await ask(bot, 'check license erin@contoso.com');
    expect(text).toContain('erin@contoso.com has no voice licence');
    expect(graph.seen.at(-1)?.path).toBe('/v1.0/users/erin@contoso.com/licenseDetails');
  });

  test('given Graph is down, then check user still shows the tenant facts and says the licence could not be read', async () => {
    graph.failWith = 503;
    const { text, card } = await ask(bot, 'check user alice@contoso.com');
    expect(card).toContain('Licence: ✗ could not be read (the service did not answer)');
    expect(card).toContain('Voice policy: BusinessVoice');
    expect(text).toMatch(/not ready for voice: licence/);
  });

  test('given Graph is down, then check license says so clearly', async () => {
    graph.failWith = 503;
    const { text } = await ask(bot, 'check license alice@contoso.com');
    expect(text).toBe('Microsoft Graph did not answer, so the licences of alice@contoso.com could not be read. Nothing was changed; try again in a minute.');
  });
});
