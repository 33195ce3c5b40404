import { PlaygroundBrowser } from './support/playground-browser';

describe('playground in Chromium: refusals on the card, and a change that fails', () => {
  let browser: PlaygroundBrowser;

  beforeAll(async () => {
    browser = await new PlaygroundBrowser().start();
  }, 120_000);

  afterAll(async () => {
    await browser?.stop();
  });

  test('when Megan approves her own request or Diego (not an approver) approves it, then each is told why and nothing runs', async () => {
    await browser.say('enable voice alice@contoso.com +14255550100');
    const pending = browser.card(/Request #1:[\s\S]*Waiting for approval \(0 of 1\)/);
    await pending.waitFor();

    await browser.say('approve 1');
    await browser.botSays('You filed request #1 yourself, and nobody may approve or reject their own request.').waitFor();

    await browser.speakAs('Diego');
    await browser.say('approve 1');
    await browser.botSays("You are not an approver in the voiceops policy, so you can't decide on request #1.").waitFor();

    expect(await pending.textContent()).toContain('Waiting for approval (0 of 1)');
    expect(browser.tenantUser('alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  test('when the tenant throttles the change, then the approved card ends as Failed with the reason', async () => {
    await browser.speakAs('Diego');
    await browser.say('enable voice bob@contoso.com +14255550101');
    const pending = browser.card(/Request #2:[\s\S]*Waiting for approval/);
    await pending.waitFor();

    browser.tenantSettings({ throttleEveryN: 1 });
    await browser.speakAs('Adele');
    await browser.button(pending, 'Approve').click();
    const failed = browser.card(/Request #2:[\s\S]*Failed/);
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toMatch(/throttled/i);
    await browser.screenshot('failed', failed);
  });
});
