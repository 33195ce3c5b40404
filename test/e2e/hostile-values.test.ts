import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BotHarness } from '../support/bot-harness';
import { ADELE, MEGAN } from '../support/personas';
import { readTenantState } from '../support/tenant-state';

/**
 * Hostile text typed in Teams, sent through the real server to real pwsh. Each value tries to create a
 * marker file; it must be refused by the parser or reach PowerShell as data, and the file never appears.
 */
describe('hostile values typed in chat stay inert', () => {
  let bot: BotHarness;
  let marker: string;

  beforeAll(async () => {
    bot = await new BotHarness().start();
    marker = join(bot.dataDir, 'INJECTED');
  });

  afterAll(async () => {
    await bot.stop();
  });

  beforeEach(() => bot.connector.clear());

  const hostile = (m: string): string[] => [
    `alice@contoso.com'; New-Item -ItemType File -Path '${m}'; '`,
    `alice@contoso.com"; New-Item -ItemType File -Path "${m}"; "`,
    `$(New-Item -ItemType File -Path '${m}')`,
    `alice$(New-Item -ItemType File -Path ${m})@contoso.com`,
    `alice@contoso.com\u2019; New-Item -ItemType File -Path \u2018${m}\u2019; \u2018`,
    `alice@contoso.com\u201C; New-Item -ItemType File -Path \u201D${m}\u201E`,
    `alice@contoso.com\`; New-Item -ItemType File -Path ${m}`,
    `alice@contoso.com\nNew-Item -ItemType File -Path ${m}`,
    `alice@contoso.com | New-Item -ItemType File -Path ${m}`,
    `alice@contoso.com \u2013Confirm:$false`,
    `alice@contoso.com \u2014WhatIf`,
  ];

  async function answer(text: string): Promise<string> {
    expect(await bot.say(MEGAN, text)).toBe(200);
    return bot.connector.texts().join('\n');
  }

  test.each([
    ['enable voice %s +14255550100'],
    ['check voice %s'],
  ])('given "%s" with a hostile value, then it is refused with a reason and nothing is created', async (template) => {
    for (const value of hostile(marker)) {
      bot.connector.clear();
      const reply = await answer(template.replace('%s', value));
      expect(reply).toMatch(/is not a valid|is more than|Did you mean|needs/i);
      expect(reply).not.toMatch(/at .*\.ts:\d+|Error:/);
    }
    await bot.app.runner.drain();
    expect(existsSync(marker)).toBe(false);
    expect(await bot.app.store.listRequestsByRequester(MEGAN.aadObjectId, 50)).toEqual([]);
  });

  test('when a UPN legal in Entra carries a quote, then it reaches the tenant verbatim as data', async () => {
    const reply = await answer("check voice o'brien@contoso.com");
    expect(reply).toContain("The tenant has no user o'brien@contoso.com");
    const upnWithApostrophe = "o'neil+x#1@contoso.com";
    expect(await answer(`check voice ${upnWithApostrophe}`)).toContain(`The tenant has no user ${upnWithApostrophe}`);
    expect(existsSync(marker)).toBe(false);
  });

  test('when the reject reason is hostile text, then it is stored and shown verbatim and nothing runs', async () => {
    await bot.say(MEGAN, 'enable voice alice@contoso.com +14255550100');
    const { requestId } = bot.latestApprovalCard();
    const reason = `$(New-Item -ItemType File -Path '${marker}'); \`whoami\` \u2018x\u2019`;
    await bot.say(ADELE, `reject ${requestId} ${reason}`);
    const request = await bot.app.store.getRequest(requestId);
    expect(request?.state).toBe('rejected');
    const audit = await bot.app.store.auditRecords();
    expect(JSON.stringify(audit)).toContain(JSON.stringify(reason).slice(1, -1));
    expect(existsSync(marker)).toBe(false);
    const tenant = JSON.stringify(readTenantState(bot.config.tenantStatePath));
    expect(tenant).not.toContain('New-Item');
  });
});
