import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BotHarness } from '../support/bot-harness';
import { ADELE, DIEGO, MEGAN } from '../support/personas';

const ENABLE = 'enable voice alice@contoso.com +14255550100';

describe('audit in chat', () => {
  describe('with the dev policy, which names no auditors (the approvers may read)', () => {
    let bot: BotHarness;
    beforeAll(async () => {
      bot = await new BotHarness().start();
      await bot.say(MEGAN, ENABLE);
    });
    afterAll(async () => bot.stop());

    const lastText = () => bot.connector.texts().at(-1) as string;

    test('when Adele asks for the audit, then she sees the latest entries, one short line each', async () => {
      await bot.say(ADELE, 'audit');
      const text = lastText();
      expect(text).toMatch(/^Latest audit entries, newest first, times in UTC:\n/);
      expect(text).toMatch(/\n#1 \d\d\/\d\d, \d\d?:\d\d [AP]M request filed, pending · Megan Bowen · alice@contoso\.com \(req 1\)$/);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
    });

    test('when Adele asks for request 1, then she sees its story in order', async () => {
      await bot.say(ADELE, 'audit 1');
      expect(lastText()).toMatch(/^Request #1, 1 entry, times in UTC:\n\n#1 .* request filed, pending · Megan Bowen · alice@contoso\.com$/);
      await bot.say(ADELE, 'audit #1');
      expect(lastText()).toMatch(/^Request #1, 2 entries, times in UTC:\n\n#1 .* request filed, .*\n\n#\d+ .* audit trail read, succeeded · Adele Vance · #1$/);
    });

    test('when Adele asks about a user, then she sees the entries that acted on that user', async () => {
      await bot.say(ADELE, 'audit ALICE@contoso.com');
      const text = lastText();
      expect(text).toMatch(/^Latest audit entries for alice@contoso\.com, newest first, times in UTC:/);
      expect(text).toContain('request filed, pending · Megan Bowen · alice@contoso.com (req 1)');
      await bot.say(ADELE, 'audit nobody@contoso.com');
      expect(lastText()).toBe('Latest audit entries for nobody@contoso.com: none yet.');
      await bot.say(ADELE, 'audit nobody@contoso.com');
      expect(lastText()).toMatch(/, newest first, times in UTC:\n\n#\d+ .* audit trail read, succeeded · Adele Vance · nobody@contoso\.com$/);
    });

    test("when Adele's Teams sends her time zone, then the times are hers and the heading names the zone", async () => {
      bot.localTimezone = 'Asia/Seoul';
      try {
        await bot.say(ADELE, 'audit 1');
      } finally {
        bot.localTimezone = undefined;
      }
      const [created] = await bot.app.store.queryAudit({ requestId: 1, limit: 1 });
      const seoul = new Intl.DateTimeFormat('en', { month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit', timeZone: 'Asia/Seoul' }).format(new Date(created.creationTime));
      expect(lastText()).toMatch(/^Request #1, \d+ entries, times in GMT\+9:\n/);
      expect(lastText()).toContain(`#${created.sequence} ${seoul} request filed, pending`);
      // The raw schema names stay in the record (and the export), not in the reply.
      expect(created).toMatchObject({ operation: 'RequestCreated', resultStatus: 'Pending' });
      expect(lastText()).not.toMatch(/RequestCreated|AuditLogSearched|Succeeded/);
    });

    test('when Diego, who is not an approver, asks, then he is refused and the refusal is on the record', async () => {
      await bot.say(DIEGO, 'audit');
      expect(lastText()).toMatch(/You are not an auditor in the voiceops policy, so you can't read the audit trail\. .*\(dddddddd-0000-4000-8000-00000000000d\) to auditors/);
      const [latest] = await bot.app.store.queryAudit({ limit: 1, newestFirst: true });
      expect(latest).toMatchObject({ operation: 'AuditLogSearched', resultStatus: 'Refused', userId: 'Diego Siciliani' });
    });

    test('when the subject is neither a number nor a UPN, then the reply says what audit takes', async () => {
      await bot.say(ADELE, 'audit yesterday');
      expect(lastText()).toMatch(/audit takes a request number \(audit 42\) or a user's UPN/);
    });
  });

  describe('with a policy that names auditors', () => {
    let bot: BotHarness;
    beforeAll(async () => {
      const probe = new BotHarness();
      const policyPath = join(probe.dataDir, 'policy.json');
      writeFileSync(
        policyPath,
        JSON.stringify({
          requesters: [MEGAN.aadObjectId],
          approvers: [MEGAN.aadObjectId, ADELE.aadObjectId],
          approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 },
          auditors: [DIEGO.aadObjectId],
        }),
      );
      bot = await new BotHarness({ VOICEOPS_POLICY: policyPath }).start();
    });
    afterAll(async () => bot.stop());

    test('when Diego (an auditor) and Adele (an approver only) ask, then only Diego is answered', async () => {
      await bot.say(DIEGO, 'audit');
      expect(bot.connector.texts().at(-1)).toBe('Latest audit entries: none yet.');
      await bot.say(ADELE, 'audit');
      expect(bot.connector.texts().at(-1)).toMatch(/You are not an auditor/);
    });
  });
});
