import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotHarness } from '../support/bot-harness';
import { ADMIN_CONVERSATION, DIEGO, MEGAN, type Persona } from '../support/personas';

const BOT_ID = '28:voiceops-bot';

describe('the bot added to a team, a group chat or a personal scope', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    // Approval cards go to the admins' channel, where nobody has written to the bot yet.
    const policyDir = mkdtempSync(join(tmpdir(), 'voiceops-policy-'));
    const policy = { ...JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'policy.dev.json'), 'utf8')), approvalConversationId: ADMIN_CONVERSATION };
    delete policy.$schema;
    writeFileSync(join(policyDir, 'policy.json'), JSON.stringify(policy));
    bot = await new BotHarness({ VOICEOPS_POLICY: join(policyDir, 'policy.json') }).start();
  });

  afterAll(async () => {
    await bot.stop();
  });

  beforeEach(() => bot.connector.clear());

  /** What Teams posts when members join a conversation (the bot itself when it is installed there). */
  async function membersAdded(by: Persona, added: string[], conversationId: string, conversationType = 'channel'): Promise<number> {
    const base = bot.base(by, conversationId);
    const response = await bot.post({
      ...base,
      type: 'conversationUpdate',
      conversation: { ...(base.conversation as object), conversationType },
      membersAdded: added.map((id) => ({ id })),
      channelData: { ...(base.channelData as object), eventType: 'teamMemberAdded' },
    });
    return response.status;
  }

  test('when it is added to the approvers’ channel, then it says what it does and that approval cards come there', async () => {
    expect(await membersAdded(MEGAN, [BOT_ID], ADMIN_CONVERSATION)).toBe(200);
    const [welcome] = bot.connector.sent();
    expect(welcome.conversationId).toBe(ADMIN_CONVERSATION);
    expect(welcome.activity.text).toMatch(/^Hello, I'm voiceops: .*Type \*\*help\*\* for the commands/);
    expect(welcome.activity.text).toContain("\n\nApproval cards for this tenant's requests come to this conversation.");
  });

  test('when it is added to another channel, then it names the policy setting that would send approval cards there', async () => {
    await membersAdded(MEGAN, [BOT_ID], '19:voice-engineers@thread.tacv2');
    expect(bot.connector.texts()[0]).toContain('set approvalConversationId to 19:voice-engineers@thread.tacv2 in the voiceops policy file');
  });

  test('when it is added to someone’s personal scope, then it says what it does and nothing about approval cards', async () => {
    await membersAdded(DIEGO, [BOT_ID], 'a:personal-diego', 'personal');
    const [text] = bot.connector.texts();
    expect(text).toMatch(/^Hello, I'm voiceops/);
    expect(text).not.toContain('Approval cards');
  });

  test.each(['hi', 'Hello!', 'hey voiceops', 'Good morning', 'bonjour à tous', '你好', '안녕하세요'])(
    'when someone only greets it (%j), then it introduces itself instead of answering "I don\'t know the command"',
    async (greeting) => {
      await bot.say(MEGAN, greeting, '19:voice-engineers@thread.tacv2');
      const [text] = bot.connector.texts();
      expect(text).toMatch(/^Hello, I'm voiceops: /);
      expect(text).toContain('set approvalConversationId to 19:voice-engineers@thread.tacv2');
    },
  );

  test('when a greeting comes with more words, then they are read as a command as usual', async () => {
    await bot.say(MEGAN, 'hello enable voice', ADMIN_CONVERSATION);
    expect(bot.connector.texts()[0]).toMatch(/^I don't know the command "hello enable"/);
  });

  test('when other people join a conversation it is in, then it stays quiet', async () => {
    expect(await membersAdded(MEGAN, ['29:lee'], ADMIN_CONVERSATION)).toBe(200);
    expect(bot.connector.sent()).toEqual([]);
  });

  test('once added, the approvers’ channel gets approval cards although nobody has written there', async () => {
    await bot.say(DIEGO, 'enable voice alice@contoso.com +14255550100', 'a:personal-diego');
    await bot.app.runner.drain();
    const toApprovers = bot.connector.sent().filter((call) => call.conversationId === ADMIN_CONVERSATION);
    expect(toApprovers.map((call) => call.activity.text)).toEqual([expect.stringMatching(/^Approval needed: request #1 from Diego Siciliani/)]);
    expect(bot.connector.texts()).not.toContainEqual(expect.stringMatching(/could not be posted to the approvers/i));
  });
});
