import { BotHarness } from '../support/bot-harness';
import { DIEGO } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';
import { readTenantState, updateTenantState, writeTenantState } from '../support/tenant-state';

const NOT_BEFORE = '2026-11-23T11:48:20.0000000Z';
const NOT_AFTER = '2031-11-23T11:48:20.0000000Z';

/** Dev mode: `check oauth` runs its fixed read-only script in real pwsh against the simulated Exchange and MSOnline. */
describe('check oauth against the simulated tenant', () => {
  let bot: BotHarness;
  let now = new Date('2027-06-01T00:00:00Z');

  beforeAll(async () => {
    bot = await new BotHarness({}, { now: () => now }).start();
  });
  afterAll(() => bot.stop());

  /** Sets the tenant up as an admin would have left it (the file the pwsh modules read, not a fake). */
  function editTenant(change: (state: Record<string, any>) => void): void {
    updateTenantState(bot.config.tenantStatePath, change);
  }

  function setKeys(keys: { StartDate: string; EndDate: string }[]): void {
    editTenant((state) => {
      state.servicePrincipals[0].KeyCredentials = keys.map((k, i) => ({ KeyId: `0000000${i}-0000-4000-8000-000000000000`, Type: 'Asymmetric', Usage: 'Verify', Value: 'MIIB', ...k }));
    });
  }

  async function ask(text = 'check oauth'): Promise<{ text: string; card: string }> {
    bot.connector.clear();
    expect(await bot.say(DIEGO, text)).toBe(200);
    const [reply] = bot.connector.sent();
    return { text: String(reply.activity.text), card: cardText(cardOf(reply.activity)) };
  }

  beforeEach(() => {
    now = new Date('2027-06-01T00:00:00Z');
    editTenant((state) => {
      state.exchange.authConfig.CurrentCertificateThumbprint = '34F99624D90866617A2F213AEF5AC946983D0FD3';
      state.servicePrincipals[0].KeyCredentials = [];
    });
  });

  test('when the service principal has no Verify key, then the check says so and names the upload step, and nothing is filed', async () => {
    const { text, card } = await ask();
    expect(text).toBe("Skype for Business Online's service principal has no Verify key (asymmetric certificate credential). Upload the Exchange auth certificate with exchange oauth upload.");
    expect(card).toContain('Auth certificate: 34F99624D90866617A2F213AEF5AC946983D0FD3 CN=Microsoft Exchange Server Auth Certificate');
    expect(card).toContain('Service principal keys: (none)');
    expect(await bot.app.store.listRequestsByRequester(DIEGO.aadObjectId, 5)).toEqual([]);
  });

  test('when the key has the certificate dates, then the check passes and says how long both are valid', async () => {
    setKeys([{ StartDate: NOT_BEFORE, EndDate: NOT_AFTER }]);
    const { text, card } = await ask('check oauth dc01.contoso.com');
    expect(text).toBe(
      "The Exchange auth certificate and Skype for Business Online's key match (same start and end dates); both are valid for 1636 more days, until Nov 23, 2031, 11:48 AM UTC.",
    );
    expect(card).toContain('Result: ✓');
  });

  test('when a renewal left the old certificate\'s key behind, then the check passes and says the ended key can be removed', async () => {
    setKeys([
      { StartDate: '2021-11-23T11:48:20Z', EndDate: '2026-11-23T11:48:20Z' },
      { StartDate: NOT_BEFORE, EndDate: NOT_AFTER },
    ]);
    const { text, card } = await ask();
    expect(text).toBe(
      "The Exchange auth certificate and Skype for Business Online's key match (same start and end dates); both are valid for 1636 more days, until Nov 23, 2031, 11:48 AM UTC. " +
        "One of Skype for Business Online's Verify keys has ended; it verifies nothing. Remove them with exchange oauth remove expired.",
    );
    expect(card).toContain('Expired keys: One of');
    expect(card).toContain('Result: ✓ The Exchange auth certificate');
  });

  test('when they match but end within 30 days, then the check warns with the days left', async () => {
    setKeys([{ StartDate: NOT_BEFORE, EndDate: NOT_AFTER }]);
    now = new Date('2031-11-01T00:00:00Z');
    const { text, card } = await ask();
    expect(text).toBe(
      "The Exchange auth certificate and Skype for Business Online's key match, but they expire in 22 days (Nov 23, 2031, 11:48 AM UTC). Renew the auth certificate and upload the new one (exchange oauth upload) before then.",
    );
    expect(card).toContain('Result: ⚠');
  });

  test('when the certificate has expired, then the check says OAuth no longer works', async () => {
    setKeys([{ StartDate: NOT_BEFORE, EndDate: NOT_AFTER }]);
    now = new Date('2031-12-01T00:00:00Z');
    expect((await ask()).text).toBe(
      'The Exchange auth certificate expired on Nov 23, 2031, 11:48 AM UTC, so OAuth between Exchange and Skype for Business Online no longer works. Renew the auth certificate, then upload it (exchange oauth upload).',
    );
  });

  test('when the only key has other dates (an older certificate), then the check names both date ranges', async () => {
    setKeys([{ StartDate: '2021-11-23T11:48:20Z', EndDate: '2026-11-23T11:48:20Z' }]);
    const { text, card } = await ask();
    expect(text).toBe(
      "Skype for Business Online's keys do not match the Exchange auth certificate's dates (certificate Nov 23, 2026, 11:48 AM UTC to Nov 23, 2031, 11:48 AM UTC; keys: Nov 23, 2021, 11:48 AM UTC to Nov 23, 2026, 11:48 AM UTC). Upload the current certificate with exchange oauth upload.",
    );
    expect(card).toContain('Result: ✗');
  });

  test('when Get-AuthConfig names no certificate, then the check says Exchange has no auth certificate', async () => {
    editTenant((state) => {
      state.exchange.authConfig.CurrentCertificateThumbprint = '';
    });
    expect((await ask()).text).toBe('Exchange has no current auth certificate: Get-AuthConfig names no CurrentCertificateThumbprint. Create or set one on Exchange first.');
  });

  test('when Get-AuthConfig names a certificate the store does not have, then the check names the thumbprint', async () => {
    editTenant((state) => {
      state.exchange.authConfig.CurrentCertificateThumbprint = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    });
    const { text, card } = await ask();
    expect(text).toBe(
      'Get-AuthConfig names the certificate AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA, but Exchange has no certificate with that thumbprint. Renew or re-import the auth certificate on Exchange.',
    );
    expect(card).toContain('(not in the certificate store)');
  });

  test('when the domain controller cannot be reached, then the answer is a plain sentence, not a stack trace', async () => {
    const { text } = await ask('check oauth dc99.contoso.com');
    expect(text).toMatch(/^I couldn't read Exchange or the service principal just now \(.*dc99\.contoso\.com.*\)\. Nothing was changed; try again in a minute\.$/);
  });
});

/** The modern path reads the key from Graph's keyCredentials (Get-MgServicePrincipal) instead of MSOnline. */
describe('check oauth on the modern path', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness({ VOICEOPS_VOICE_PATH: 'modern' }, { now: () => new Date('2027-06-01T00:00:00Z') }).start();
  });
  afterAll(() => bot.stop());

  test('when the key was added through Graph with the certificate dates, then the check passes; with other dates it names them', async () => {
    const state = readTenantState(bot.config.tenantStatePath);
    state.servicePrincipals[0].KeyCredentials = [{ KeyId: '00000009-0000-4000-8000-000000000000', Type: 'Asymmetric', Usage: 'Verify', Value: 'MIIB', StartDate: NOT_BEFORE, EndDate: NOT_AFTER }];
    writeTenantState(bot.config.tenantStatePath, state);
    bot.connector.clear();
    await bot.say(DIEGO, 'check oauth');
    expect(bot.connector.texts()[0]).toMatch(/^The Exchange auth certificate and Skype for Business Online's key match/);

    state.servicePrincipals[0].KeyCredentials[0].EndDate = '2030-01-01T00:00:00Z';
    writeTenantState(bot.config.tenantStatePath, state);
    bot.connector.clear();
    await bot.say(DIEGO, 'check oauth');
    expect(bot.connector.texts()[0]).toContain('keys: Nov 23, 2026, 11:48 AM UTC to Jan 1, 2030, 12:00 AM UTC');
  });
});
