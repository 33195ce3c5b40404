import { ADMIN_CONVERSATION, MEGAN } from '../support/personas';
import { SecureBot } from './support/secure-bot';

/** Hostile bodies, each with a valid token: refused with 4xx, no crash, no state change, no prototype pollution. */
describe('request bodies are capped in size and depth, and prototype keys are inert', () => {
  const bot = new SecureBot();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  const stateBefore = async () => ({ conversation: await bot.app.store.getConversation(ADMIN_CONVERSATION), calls: bot.connector.calls.length });

  async function expectRefused(body: string | Buffer, statuses: number[], contentType?: string): Promise<void> {
    const before = await stateBefore();
    const activity = bot.message(MEGAN, 'help');
    const response = await bot.post(body, `Bearer ${bot.tokenFor(activity)}`, contentType);
    expect(statuses).toContain(response.status);
    expect(await stateBefore()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  }

  test('given a 5 MB activity, then it is refused with 413 before it is parsed', async () => {
    const huge = JSON.stringify(bot.message(MEGAN, 'x'.repeat(5 * 1024 * 1024)));
    await expectRefused(huge, [413]);
    expect(bot.logs().some((l) => l.message === 'inbound request refused' && l.status === 413)).toBe(true);
  });

  test('given an activity nested 10,000 levels deep, then it is refused with 400', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const body = JSON.stringify(bot.message(MEGAN, 'help')).replace(/}$/, `,"value":${deep}}`);
    await expectRefused(body, [400]);
    expect(bot.refusals().at(-1)?.reason).toBe('body nests deeper than 32 levels');
  });

  test.each([
    ['a top-level __proto__ key', (json: string) => json.replace(/}$/, ',"__proto__":{"polluted":true}}')],
    ['a nested __proto__ key', (json: string) => json.replace(/}$/, ',"value":{"action":{"data":{"__proto__":{"polluted":true}}}}}')],
    ['a constructor.prototype key', (json: string) => json.replace(/}$/, ',"channelData":{"constructor":{"prototype":{"polluted":true}}}}')],
  ])('given %s, then it is refused with 400 and pollutes nothing', async (_name, inject) => {
    await expectRefused(inject(JSON.stringify(bot.message(MEGAN, 'help'))), [400]);
    expect(bot.refusals().at(-1)?.reason).toMatch(/forbidden key "(__proto__|constructor)"/);
  });

  test('given malformed JSON, then it is refused with 400', async () => {
    await expectRefused('{"type":"message","text":"help"', [400]);
  });

  test('given a body that is not a JSON object, then it is refused with 400', async () => {
    await expectRefused('[1,2,3]', [400]);
    await expectRefused('help', [400], 'text/plain');
  });

  test('after all of that, the server still answers a genuine message', async () => {
    const response = await bot.send(bot.message(MEGAN, 'help'));
    expect(response.status).toBe(200);
    expect(bot.connector.texts().join('\n')).toMatch(/enable voice/);
  });
});
