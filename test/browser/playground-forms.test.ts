import { PlaygroundBrowser } from './support/playground-browser';

describe('playground in Chromium: a form filled in through its inputs, and an expired request', () => {
  let browser: PlaygroundBrowser;

  beforeAll(async () => {
    browser = await new PlaygroundBrowser().start();
  }, 120_000);

  afterAll(async () => {
    await browser?.stop();
  });

  test('when Megan types a bad number, then a form shows the errors and filling it in files the request', async () => {
    await browser.say('enable voice alice@contoso.com 4255550100');
    const form = browser.card('Ask for approval');
    await form.waitFor();
    const phone = form.locator('input[type=tel]');
    expect(await phone.inputValue()).toBe('4255550100');
    expect(await form.locator('input[type=email]').inputValue()).toBe('alice@contoso.com');

    // The form's own check (regex + errorMessage) stops a bad value before it is sent.
    await phone.fill('12345');
    await browser.button(form, 'Ask for approval').click();
    await form.getByText('Enter an E.164 number').first().waitFor();
    await browser.screenshot('form-error', form);

    await phone.fill('+14255550100');
    await browser.button(form, 'Ask for approval').click();
    await browser.card(/Request #1:[\s\S]*Waiting for approval/).waitFor({ timeout: 30_000 });
    expect(browser.tenantUser('alice@contoso.com').EnterpriseVoiceEnabled).toBe(false);
  });

  test('when Megan asks to remove Exchange OAuth parts without naming them, then she ticks them in the form', async () => {
    await browser.say('exchange oauth remove');
    const form = browser.card('what to remove');
    await form.waitFor();
    const boxes = form.locator('input[type=checkbox]');
    expect(await boxes.count()).toBe(8);
    await form.getByText('partner: the SfBOnline partner application').click();
    await form.getByText('account: the SfBOnline-ApplicationAccount mail user').click();
    await browser.button(form, 'Ask for approval').click();
    // The ticked boxes arrive as "partner,account", parsed like typed text; the simulated tenant has neither yet.
    await browser.botSays(/Nothing to do: Exchange OAuth for Skype for Business Online/).waitFor({ timeout: 30_000 });
  });

  test('when nobody approves before the expiry, then the card says the request expired', async () => {
    await browser.say('enable voice bob@contoso.com +14255550101');
    const pending = browser.card(/Request #2:[\s\S]*Waiting for approval/);
    await pending.waitFor();
    browser.advanceClock(25 * 60 * 60 * 1000);
    await browser.app.sweeper.sweep();
    const expired = browser.card(/Request #2:[\s\S]*Expired without approval/);
    await expired.waitFor();
    expect(await browser.button(expired, 'Approve').count()).toBe(0);
    await browser.screenshot('expired', expired);
  });
});
