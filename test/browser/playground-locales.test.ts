import { CATALOGS } from '../../src/i18n/catalogs';
import { PlaygroundBrowser } from './support/playground-browser';
import { TEAMS_CLIENTS } from '../i18n/support/teams-clients';

const user = 'alice@contoso.com';

describe('playground in Chromium: the approval card in each language the page can send as activity.locale', () => {
  let browser: PlaygroundBrowser;

  // A fresh bot and page per language: every screenshot shows request #1 in the same state.
  beforeEach(async () => {
    browser = await new PlaygroundBrowser().start();
  }, 120_000);

  afterEach(async () => {
    await browser?.stop();
  });

  test.each(TEAMS_CLIENTS)('$tag: Megan files, Adele sees the approval card in $locale (docs/cards/approval-$locale.png)', async ({ tag, locale }) => {
    const words = CATALOGS[locale];
    await browser.speakAs('Megan');
    await browser.page.selectOption('#locale', tag);
    await browser.say(`enable voice ${user} +14255550100`);
    const card = browser.card(user);
    await card.waitFor();
    await browser.page.locator('.ac-adaptiveCard', { hasText: user }).filter({ hasText: words['state.pending'] }).last().waitFor();

    await browser.speakAs('Adele');
    const approve = browser.button(card, words['card.request.approve']);
    await approve.waitFor();
    const shown = (await card.textContent()) ?? '';
    expect(shown).toContain(words['card.request.commandHeading']);
    expect(shown).toContain(words['card.request.requestedBy']);
    expect(await browser.button(card, words['card.request.reject']).count()).toBe(1);
    await browser.screenshot(`approval-${locale}`, card);
  });
});
