import { BotHarness } from '../support/bot-harness';
import { LocalDnsServer } from '../support/dns-server';
import { DIEGO } from '../support/personas';
import { cardOf } from '../support/teams-connector';
import { Translator } from '../../src/i18n/translator';
import { englishLeftovers, visibleCardStrings } from './support/english-leftovers';
import { TEAMS_CLIENTS } from './support/teams-clients';

/**
 * `check dns` against a real DNS server on 127.0.0.1 where the edge has no A record and the SRV records are
 * missing: what DNS answered ("no such record") and what was expected are in the reader's language.
 */
describe('check dns with missing records in every language', () => {
  const dns = new LocalDnsServer({ '_sip._tls.contoso.com': { SRV: [{ target: 'sip.contoso.com', port: 443 }] } });
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness({ VOICEOPS_DNS_SERVERS: await dns.start() }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await dns.stop();
  });

  test.each(TEAMS_CLIENTS)('$tag: missing records are named in $locale', async ({ tag, locale }) => {
    bot.connector.clear();
    bot.locale = tag;
    await bot.say(DIEGO, 'check dns contoso.com sip.contoso.com');
    const [reply] = bot.connector.sent();
    const texts = [String(reply.activity.text), ...visibleCardStrings(cardOf(reply.activity))];
    const all = texts.join('\n');
    const t = new Translator(locale);
    expect(all).toContain(t.t('dns.expected', { found: t.t('dns.found.noSuchRecord'), expected: t.t('dns.expected.address') }));
    if (locale === 'en') {
      expect(all).toContain('✗ A sip.contoso.com: no such record (expected at least one IPv4 address)');
      expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(5);
      return;
    }
    expect(texts.map((text) => englishLeftovers(text, locale)).flat()).toEqual([]);
  });
});
