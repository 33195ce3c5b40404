import { ADMIN_CONVERSATION, MEGAN } from '../support/personas';
import { FOREIGN_TENANT, OUR_TENANT, SecureBot } from './support/secure-bot';

/**
 * Every inbound request goes through botbuilder's real JWT validation against a local identity provider
 * (test-auth mode). Each forged or misdirected request is refused with 4xx, changes nothing, gets no reply,
 * and is logged with its reason but without the token.
 */
describe('the bot endpoint admits only real Teams traffic from our tenant', () => {
  const bot = new SecureBot();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  test('given a genuine Teams channel token, when a message arrives, then the bot answers it', async () => {
    const activity = bot.message(MEGAN, 'help');
    const response = await bot.send(activity);
    expect(response.status).toBe(200);
    expect(bot.connector.texts().join('\n')).toMatch(/enable voice <user> <number>/);
    // The reply went out with the bot's own token from the identity provider, not the inbound one.
    expect(bot.idp.tokenRequests.length).toBeGreaterThan(0);
    expect(bot.refusals()).toEqual([]);
  });

  type Case = { name: string; status: number; reason: RegExp; request: () => { activity: Record<string, unknown>; authorization?: string } };
  const withToken = (token: () => string, activity?: () => Record<string, unknown>) => () => ({
    activity: activity ? activity() : bot.message(MEGAN, 'help'),
    authorization: `Bearer ${token()}`,
  });
  const serviceUrl = () => bot.serviceUrl;
  const cases: Case[] = [
    { name: 'no token', status: 401, reason: /not authorized/i, request: () => ({ activity: bot.message(MEGAN, 'help') }) },
    {
      name: 'a token for another audience',
      status: 401,
      reason: /invalid appid/i,
      request: withToken(() => bot.idp.channelToken({ aud: 'someone-elses-bot', serviceurl: serviceUrl() })),
    },
    {
      name: 'an expired token',
      status: 401,
      reason: /expired/i,
      request: withToken(() => {
        const now = Math.floor(Date.now() / 1000);
        return bot.idp.channelToken({ serviceurl: serviceUrl(), nbf: now - 7200, iat: now - 7200, exp: now - 3600 });
      }),
    },
    {
      name: 'a token from another issuer',
      status: 401,
      reason: /no valid identity|issuer/i,
      request: withToken(() => bot.idp.channelToken({ iss: 'https://login.example.net/', serviceurl: serviceUrl() })),
    },
    {
      name: 'a token signed with an unpublished key id',
      status: 401,
      reason: /signing key could not be retrieved/i,
      request: withToken(() => bot.idp.channelToken({ serviceurl: serviceUrl() }, { key: bot.idp.unpublishedKey })),
    },
    {
      name: 'an unsigned token (alg none)',
      status: 401,
      reason: /signature|algorithm/i,
      request: withToken(() => bot.idp.channelToken({ serviceurl: serviceUrl() }, { alg: 'none' })),
    },
    {
      name: 'an HS256 token keyed with the published public key',
      status: 401,
      reason: /algorithm|signature/i,
      request: withToken(() => bot.idp.channelToken({ serviceurl: serviceUrl() }, { alg: 'HS256', hmacSecret: bot.idp.channelPublicPem() })),
    },
    {
      name: 'a genuine token whose serviceurl claim is not the activity\'s',
      status: 401,
      reason: /serviceurl claim/i,
      request: withToken(() => bot.idp.channelToken({ serviceurl: 'https://smba.trafficmanager.net/emea/' })),
    },
    {
      name: 'an emulator-path token minted with the bot\'s own secret',
      status: 401,
      reason: /issuer https:\/\/sts\.windows\.net\/.* is not the Bot Framework channel service/,
      request: withToken(() => bot.idp.emulatorToken()),
    },
    {
      name: 'a genuine token for an activity from a foreign tenant',
      status: 403,
      reason: /tenant not allowed/,
      request: () => {
        const activity = bot.message(MEGAN, 'help', {
          conversation: { id: ADMIN_CONVERSATION, tenantId: FOREIGN_TENANT },
          channelData: { tenant: { id: FOREIGN_TENANT } },
        });
        return { activity, authorization: `Bearer ${bot.tokenFor(activity)}` };
      },
    },
    {
      name: 'a genuine token for an activity whose two tenant fields disagree',
      status: 403,
      reason: /tenant fields disagree/,
      request: () => {
        const activity = bot.message(MEGAN, 'help', {
          conversation: { id: ADMIN_CONVERSATION, tenantId: OUR_TENANT },
          channelData: { tenant: { id: FOREIGN_TENANT } },
        });
        return { activity, authorization: `Bearer ${bot.tokenFor(activity)}` };
      },
    },
    {
      name: 'a genuine token for an activity without a tenant',
      status: 403,
      reason: /tenant missing/,
      request: () => {
        const activity = bot.message(MEGAN, 'help', { conversation: { id: ADMIN_CONVERSATION }, channelData: {} });
        return { activity, authorization: `Bearer ${bot.tokenFor(activity)}` };
      },
    },
    {
      name: 'a genuine token (its key endorsed for webchat too) for a webchat activity',
      status: 403,
      reason: /channel not allowed/,
      request: () => {
        const activity = bot.message(MEGAN, 'help', { channelId: 'webchat' });
        return { activity, authorization: `Bearer ${bot.tokenFor(activity)}` };
      },
    },
    {
      name: 'a genuine token for a playground activity (dev mode only)',
      status: 401,
      reason: /endorsement/i,
      request: () => {
        const activity = bot.message(MEGAN, 'help', { channelId: 'playground' });
        return { activity, authorization: `Bearer ${bot.tokenFor(activity)}` };
      },
    },
  ];

  test.each(cases)('given $name, then it is refused with $status, logged without the token, and nothing happens', async ({ status, reason, request }) => {
    bot.connector.clear();
    const conversationsBefore = await bot.app.store.getConversation(ADMIN_CONVERSATION);
    const logsBefore = bot.logLines.length;
    const { activity, authorization } = request();

    const response = await bot.post(activity, authorization);

    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/eyJ|Bearer/);
    expect(bot.connector.calls).toEqual([]);
    expect(await bot.app.store.getConversation(ADMIN_CONVERSATION)).toEqual(conversationsBefore);
    const newLines = bot.logLines.slice(logsBefore);
    const refusal = newLines.map((l) => JSON.parse(l)).find((l) => l.message === 'inbound request refused');
    expect(refusal).toMatchObject({ level: 'warn', status });
    expect(refusal.reason).toMatch(reason);
    const token = authorization?.slice('Bearer '.length);
    for (const line of newLines) {
      if (token) {
        expect(line).not.toContain(token);
        expect(line).not.toContain(token.split('.')[2] || token.split('.')[1]);
      }
      expect(line).not.toMatch(/Bearer|eyJ/);
      expect(line).not.toContain(bot.password);
    }
  });

  test('given an emulator-path token, then botbuilder 4.23 alone would accept it: the refusal is our channel-issuer rule', async () => {
    // botbuilder's emulator validation passed (signature, appid, issuer list); only our rule names the issuer.
    const before = bot.logLines.length;
    const response = await bot.post(bot.message(MEGAN, 'help'), `Bearer ${bot.idp.emulatorToken()}`);
    expect(response.status).toBe(401);
    const refusal = bot.logLines.slice(before).map((l) => JSON.parse(l)).find((l) => l.message === 'inbound request refused');
    expect(refusal.reason).toBe(`token issuer https://sts.windows.net/${OUR_TENANT}/ is not the Bot Framework channel service`);
  });
});
