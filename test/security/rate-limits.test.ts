import { randomUUID } from 'node:crypto';
import { TokenBuckets } from '../../src/security/token-bucket';
import { ADELE, DIEGO, MEGAN, type Persona } from '../support/personas';
import { ManualClock } from './support/manual-clock';
import { SecureBot } from './support/secure-bot';

const answered = (texts: string[]) => texts.filter((t) => t.includes('enable voice <user> <number>')).length;

describe('token buckets', () => {
  test('a bucket gives its burst, then refills at its rate, and never above its capacity', () => {
    const clock = new ManualClock();
    const buckets = new TokenBuckets({ capacity: 3, perMinute: 6 }, clock);
    expect([1, 2, 3, 4].map(() => buckets.tryTake('u'))).toEqual([true, true, true, false]);
    expect(buckets.waitMs('u')).toBe(10_000);
    clock.advance(9_999);
    expect(buckets.tryTake('u')).toBe(false);
    clock.advance(1);
    expect(buckets.tryTake('u')).toBe(true);
    clock.advance(3_600_000);
    expect(buckets.available('u')).toBe(3);
    expect(buckets.tryTake('someone else')).toBe(true);
  });
});

describe('per-user rate limit, after authentication', () => {
  const clock = new ManualClock();
  const bot = new SecureBot({ clock, env: { VOICEOPS_USER_BURST: '3', VOICEOPS_USER_PER_MINUTE: '6', VOICEOPS_TENANT_BURST: '100' } });
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  test('given a burst of 8 messages from one user, then 3 are answered and the user is told once to slow down', async () => {
    // Unauthenticated requests in that user's name are refused first and spend none of the user's budget.
    for (let i = 0; i < 5; i++) expect((await bot.post(bot.message(MEGAN, 'help'))).status).toBe(401);
    for (let i = 0; i < 8; i++) expect((await bot.send(bot.message(MEGAN, 'help'))).status).toBe(200);
    const texts = bot.connector.texts();
    expect(answered(texts)).toBe(3);
    expect(texts.filter((t) => /slow down/.test(t))).toEqual([
      "You're sending commands faster than I can take them. Please slow down and try again in about 10 seconds.",
    ]);
    expect(bot.logs().filter((l) => l.message === 'rate limited' && l.scope === 'user')).toHaveLength(5);
  });

  test('given that burst, then other users of the same tenant are unaffected', async () => {
    bot.connector.clear();
    for (const persona of [ADELE, DIEGO, ADELE]) await bot.send(bot.message(persona, 'help'));
    expect(answered(bot.connector.texts())).toBe(3);
  });

  test('given the limited user clicks a card button, then the click is answered with the slow-down message', async () => {
    const activity = bot.message(MEGAN, '', {
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { requestId: 1, nonce: 'x' } }, trigger: 'manual' },
    });
    const response = await bot.send(activity);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ statusCode: 200, value: expect.stringMatching(/slow down/) });
  });

  test('given time passes, then the user is admitted again at the refill rate', async () => {
    bot.connector.clear();
    clock.advance(10_000);
    await bot.send(bot.message(MEGAN, 'help'));
    await bot.send(bot.message(MEGAN, 'help'));
    const texts = bot.connector.texts();
    expect(answered(texts)).toBe(1);
    expect(texts.filter((t) => /slow down/.test(t))).toHaveLength(1);
  });
});

describe('per-tenant rate limit', () => {
  const bot = new SecureBot({ clock: new ManualClock(), env: { VOICEOPS_TENANT_BURST: '4', VOICEOPS_TENANT_PER_MINUTE: '1' } });
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  test('given many users of one tenant, then the tenant is slowed once its burst is spent', async () => {
    const people: Persona[] = Array.from({ length: 6 }, (_, i) => ({ id: `29:user-${i}`, aadObjectId: randomUUID(), name: `User ${i}` }));
    for (const person of people) await bot.send(bot.message(person, 'help'));
    const texts = bot.connector.texts();
    expect(answered(texts)).toBe(4);
    expect(texts.filter((t) => t.startsWith('Your organisation is sending me more commands'))).toHaveLength(2);
  });
});
