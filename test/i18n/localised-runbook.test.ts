import { BotHarness } from '../support/bot-harness';
import { LocalDnsServer, type Zone } from '../support/dns-server';
import { DIEGO, MEGAN } from '../support/personas';
import { cardOf } from '../support/teams-connector';
import { CATALOGS } from '../../src/i18n/catalogs';
import { Translator } from '../../src/i18n/translator';
import { englishLeftovers, textsWithEnglishLeftovers, visibleCardStrings } from './support/english-leftovers';
import { TEAMS_CLIENTS } from './support/teams-clients';

const ZONE: Zone = {
  'ap.contoso.com': { A: ['203.0.113.10'] },
  '_sip._tls.contoso.com': { SRV: [{ target: 'ap.contoso.com', port: 443 }] },
  '_sipfederationtls._tcp.contoso.com': { SRV: [{ target: 'ap.contoso.com', port: 5061 }] },
};

/** What the flow types that is not a command: a ticked step's reason is shown as written. */
const REASON = 'CHG0042';
const TYPED = [REASON, 'teleport', 'ftp://x'];

/**
 * The runbooks and check oauth in each language, over real HTTP, real pwsh against the simulated tenant and a real
 * DNS server: every reply and every card string, including notes the store keeps (a check's finding, a filed
 * request), is in the reader's language.
 */
describe('runbooks in every language', () => {
  const dns = new LocalDnsServer(ZONE);
  let bot: BotHarness;
  let server: string;

  beforeAll(async () => {
    server = await dns.start();
  });
  afterAll(async () => {
    await dns.stop();
  });
  afterEach(async () => {
    await bot.stop();
  });

  test.each(TEAMS_CLIENTS)('$tag: runbook cards, status, refusals and check oauth are in $locale', async ({ tag, locale }) => {
    bot = await new BotHarness({ VOICEOPS_DNS_SERVERS: server }).start();
    // Filed in English: the step's stored note ("request filed") is shown later in each reader's language.
    bot.locale = 'en-US';
    await bot.say(DIEGO, 'runbook cloud-connector contoso.com');
    await bot.say(DIEGO, 'runbook run cloud-connector hybrid');
    await bot.app.runner.drain();
    const before = bot.connector.sent().length;
    bot.locale = tag;
    await bot.say(DIEGO, 'runbook cloud-connector'); // shown again: DNS verified by a check, its finding stored as a message
    await bot.say(DIEGO, `runbook tick cloud-connector firewall ${REASON}`);
    await bot.say(DIEGO, 'runbook tick cloud-connector dns x'); // a check step cannot be ticked
    await bot.say(DIEGO, 'runbook run cloud-connector teleport'); // no such step
    await bot.say(DIEGO, 'runbook run cloud-connector voice'); // needs a value
    await bot.say(MEGAN, 'runbook exchange-oauth contoso.com'); // the OAuth check fails: no Verify key
    await bot.say(MEGAN, 'runbook status');
    await bot.say(MEGAN, 'check oauth');
    await bot.say(DIEGO, 'runbook cloud-connector ftp://x'); // a bad value: the form says why
    const sent = bot.connector.sent().slice(before).map((c) => c.activity);
    const texts = [...sent.map((a) => String(a.text ?? '')), ...sent.flatMap((a) => visibleCardStrings(cardOf(a)))].filter((t) => t.trim() !== '');
    const all = texts.join('\n');
    const words = CATALOGS[locale];

    expect(all).toContain(words['runbook.cloud-connector.title']);
    expect(all).toContain(words['runbook.exchange-oauth.step.verify']);
    expect(all).toContain(words['runbook.state.verified']);
    expect(all).toContain(words['runbook.statusHeader']);
    expect(all).toContain(words['oauth.noKey']);
    expect(all).toContain(words['oauth.card.title']);
    expect(all).toContain(REASON);
    expect(all).toContain(new Translator(locale).t('runbook.requestFiled', { id: '1' }));

    if (locale === 'en') {
      expect(englishLeftovers(all, 'fr').length).toBeGreaterThan(20);
      expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(50);
      return;
    }
    expect(textsWithEnglishLeftovers(texts, locale, TYPED)).toEqual([]);
  });
});
