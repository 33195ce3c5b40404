import { BotHarness } from '../support/bot-harness';
import { DIEGO, MEGAN } from '../support/personas';

describe('errors a user can cause get a precise answer and change nothing', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness().start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  beforeEach(() => bot.connector.clear());

  async function answerTo(text: string): Promise<string> {
    await bot.say(MEGAN, text);
    return bot.connector.texts().join('\n');
  }

  test('when the command is misspelt, then the bot suggests the right one', async () => {
    expect(await answerTo('enabel voice alice@contoso.com +14255550100')).toMatch(/Did you mean "enable voice"\?/);
  });

  test('when the UPN is malformed, then the answer names the value and the expected form', async () => {
    expect(await answerTo('enable voice alice-at-contoso +14255550100')).toMatch(
      /"alice-at-contoso" is not a valid user principal name .* name@domain/,
    );
  });

  test('when the number is not E.164, then the answer names the value and the expected form', async () => {
    expect(await answerTo('enable voice alice@contoso.com 425-555-0100')).toMatch(/"425-555-0100" is not a valid phone number .*E\.164/);
  });

  test('when the number is pasted with spaces and brackets, then the form shown for another mistake keeps its digits', async () => {
    await bot.say(MEGAN, 'enable voice alice-at-contoso +1 (425) 555-0100');
    const [reply] = bot.connector.sent();
    const inputs = (reply.activity.attachments?.[0]?.content as any).body.flatMap((b: any) => b.items ?? []);
    expect(inputs.find((i: any) => i.id === 'arg_number').value).toBe('+1 (425) 555-0100');
    expect(new RegExp(inputs.find((i: any) => i.id === 'arg_number').regex).test('+1 (425) 555-0100')).toBe(true);
  });

  test('when the user does not exist in the tenant, then the bot says so and files nothing', async () => {
    expect(await answerTo('enable voice nobody@contoso.com +14255550100')).toMatch(/The tenant has no user nobody@contoso.com/);
  });

  test('when status gets a malformed number, then the answer says what a request number looks like', async () => {
    expect(await answerTo('status 4x2')).toMatch(/"4x2" is not a request number/);
  });

  test('when status names a request that does not exist, then the bot says so', async () => {
    expect(await answerTo('status 999')).toMatch(/There is no request #999/);
  });

  test('when help is asked, then every command is listed', async () => {
    const help = await answerTo('help');
    for (const usage of ['enable voice <user> [<number>]', 'check voice <user>', 'status [<request>]', 'approve <request>', 'reject <request> [<reason>]']) {
      expect(help).toContain(usage);
    }
  });

  test('when help names a command, then the answer explains it as this tenant runs it, for the one asking', async () => {
    const megan = await answerTo('help enable voice');
    expect(megan).toContain('**enable voice <user> [<number>]**');
    expect(megan).toContain("Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true");
    expect(megan).toContain("This tenant's policy asks for 1 approval (user change)");
    expect(megan).toContain('You may use it, and approve other people');
    bot.connector.clear();
    await bot.say(DIEGO, 'help register mediation server');
    const diego = bot.connector.texts().join('\n');
    expect(diego).toContain('2 approvals (tenant-wide change)');
    expect(diego).toMatch(/You may use it\.$/);
    expect(await answerTo('help exchange oauth')).toContain('Commands beginning “exchange oauth”');
    expect(await answerTo('help enabel voice')).toContain('Did you mean **help enable voice**?');
  });

  test('after all of these, nothing was stored or audited', async () => {
    expect(await bot.app.store.auditRecords()).toHaveLength(0);
    expect(await bot.app.store.getRequest(1)).toBeUndefined();
  });
});
