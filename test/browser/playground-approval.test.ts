import { PlaygroundBrowser } from './support/playground-browser';

const ENABLE = 'enable voice alice@contoso.com +14255550100';

describe('playground in Chromium: request, approve on the card, verified result, status', () => {
  let browser: PlaygroundBrowser;

  beforeAll(async () => {
    browser = await new PlaygroundBrowser().start();
  }, 120_000);

  afterAll(async () => {
    await browser?.stop();
  });

  test('when Megan asks and Adele clicks Approve, then the card turns into a verified success and status shows it', async () => {
    await browser.say(ENABLE);
    const pending = browser.card('Waiting for approval (0 of 1)');
    await pending.waitFor();
    expect(await pending.textContent()).toContain(
      "Set-CsUser -Identity 'alice@contoso.com' -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI 'tel:+14255550100'",
    );
    await browser.botSays(/Request #1 filed/).waitFor();
    await browser.screenshot('request', pending);

    await browser.speakAs('Adele');
    // Adele's own view of the card (the shared card, or its Universal Actions refresh for her) has Approve.
    const approve = browser.button(pending, 'Approve');
    await approve.waitFor();
    await browser.screenshot('approval', pending);

    // A slow tenant keeps the change running long enough to see that state.
    browser.tenantSettings({ latencyMs: 3000 });
    await approve.click();
    const approved = browser.card(/Approved, (starting|running)/);
    await approved.waitFor();
    expect(await approved.textContent()).toContain('Approved by Adele Vance');
    await browser.screenshot('approved-running', approved);

    const succeeded = browser.card('Succeeded and verified');
    await succeeded.waitFor({ timeout: 60_000 });
    const shown = await succeeded.textContent();
    expect(shown).toContain('Approved by Adele Vance');
    expect(shown).toContain('Applied and verified by reading it back from the tenant.');
    expect(await browser.button(succeeded, 'Approve').count()).toBe(0);
    await browser.screenshot('succeeded', succeeded);
    const summary = /#1 enable voice \W*alice@contoso\.com\W*: Succeeded and verified/;
    await browser.botSays(summary).waitFor();
    expect(browser.tenantUser('alice@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550100' });

    await browser.speakAs('Megan');
    const earlier = await browser.botSaysAll(summary).count();
    const cardsBefore = await browser.page.locator('.ac-adaptiveCard').count();
    await browser.say('status 1');
    await browser.botSaysAll(summary).nth(earlier).waitFor();
    const statusCard = browser.page.locator('.ac-adaptiveCard').nth(cardsBefore);
    await statusCard.waitFor();
    expect(await statusCard.textContent()).toMatch(/#1[\s\S]*Succeeded and verified/);
  });
});
