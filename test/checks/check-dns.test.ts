import { BotHarness } from '../support/bot-harness';
import { LocalDnsServer, type Zone } from '../support/dns-server';
import { DIEGO } from '../support/personas';
import { cardOf, cardText } from '../support/teams-connector';

const READY: Zone = {
  'sip.contoso.com': { A: ['203.0.113.10'] },
  '_sip._tls.contoso.com': { SRV: [{ target: 'sip.contoso.com', port: 443 }] },
  '_sipfederationtls._tcp.contoso.com': { SRV: [{ target: 'sip.contoso.com', port: 5061 }] },
};

/** `check dns` through the real bot against a real DNS server on 127.0.0.1. */
describe('check dns', () => {
  const dns = new LocalDnsServer(READY);
  let bot: BotHarness;

  beforeAll(async () => {
    const server = await dns.start();
    bot = await new BotHarness({ VOICEOPS_DNS_SERVERS: server }).start();
  });
  afterAll(async () => {
    await bot.stop();
    await dns.stop();
  });
  beforeEach(() => {
    bot.connector.clear();
    dns.setZone(READY);
  });

  async function ask(text: string): Promise<{ text: string; card: string }> {
    await bot.say(DIEGO, text);
    const [reply] = bot.connector.sent();
    return { text: String(reply.activity.text), card: cardText(cardOf(reply.activity)) };
  }

  test('given the edge A record and both SRV records point at it, then every line is ticked', async () => {
    const { text, card } = await ask('check dns contoso.com sip.contoso.com');
    expect(text).toMatch(/^DNS for contoso.com is ready for the Access Edge/);
    expect(card).toContain('A sip.contoso.com: ✓ 203.0.113.10');
    expect(card).toContain('SRV _sip._tls.contoso.com: ✓ sip.contoso.com:443');
    expect(card).toContain('SRV _sipfederationtls._tcp.contoso.com: ✓ sip.contoso.com:5061');
    expect(await bot.app.store.listRequestsByRequester(DIEGO.aadObjectId, 5)).toEqual([]);
  });

  test('given the federation SRV points at the wrong port and the edge has no A record, then both are named', async () => {
    dns.setZone({
      '_sip._tls.contoso.com': { SRV: [{ target: 'sip.contoso.com', port: 443 }] },
      '_sipfederationtls._tcp.contoso.com': { SRV: [{ target: 'sip.contoso.com', port: 5062 }] },
    });
    const { text } = await ask('check dns contoso.com sip.contoso.com');
    expect(text).toContain('2 of 3 records are not right');
    expect(text).toContain('✗ A sip.contoso.com: no such record (expected at least one IPv4 address)');
    expect(text).toContain('✗ SRV _sipfederationtls._tcp.contoso.com: sip.contoso.com:5062 (expected sip.contoso.com:5061)');
    expect(text).toContain('✓ SRV _sip._tls.contoso.com: sip.contoso.com:443');
  });

  test('given no edge name, then the default peer destination ap.<domain> is checked', async () => {
    const { text } = await ask('check dns contoso.com');
    expect(text).toContain('✗ A ap.contoso.com: no such record');
    expect(text).toContain('(expected ap.contoso.com:443)');
  });

  test('given a malformed domain, then the reply names it and no query is sent', async () => {
    const before = dns.queries;
    const { text } = await ask('check dns contoso..com');
    expect(text).toBe('"contoso..com" is not a valid DNS name for the SIP domain. Expected a name such as contoso.com or sip.contoso.com.');
    expect(dns.queries).toBe(before);
  });
});
