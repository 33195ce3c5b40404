import { answersTo } from '../operations/support/approval-flow';
import { BotHarness } from '../support/bot-harness';
import { DIEGO } from '../support/personas';
import { Translator } from '../../src/i18n/translator';
import { englishLeftovers, visibleCardStrings } from './support/english-leftovers';
import { TEAMS_CLIENTS } from './support/teams-clients';

/**
 * What a tenant-wide operation is about ("tenant hybrid configuration", "PSTN sites", "Exchange OAuth for Skype for
 * Business Online") is the operation's own words: through real pwsh, each reader gets it in their language. Its
 * request's title is the command as typed, in the reader's words around it.
 */
describe('tenant-wide subjects in every language', () => {
  let bot: BotHarness;

  beforeAll(async () => {
    bot = await new BotHarness().start();
  });
  afterAll(async () => {
    await bot.stop();
  });

  test.each(TEAMS_CLIENTS)('$tag: show hybrid and the Exchange OAuth request name their subject in $locale', async ({ tag, locale }) => {
    bot.locale = tag;
    const t = new Translator(locale);
    const [hybrid] = await answersTo(bot, DIEGO, 'show hybrid');
    expect(hybrid).toContain(t.t('subject.hybridConfiguration'));
    await answersTo(bot, DIEGO, 'exchange oauth hide');
    // The approval card's title is the command as typed (it has no user), in the reader's words around it.
    const { requestId, card } = bot.latestApprovalCard();
    const oauth = visibleCardStrings(card).join('\n');
    expect(oauth).toContain(t.t('card.request.title', { id: String(requestId), what: 'exchange oauth hide' }));
    // Withdrawn, so the next language files it afresh rather than being pointed at this open request.
    await answersTo(bot, DIEGO, `cancel ${requestId}`);
    if (locale === 'en') {
      expect(hybrid).toMatch(/^tenant hybrid configuration: /);
      return;
    }
    // Tenant property names and values (PeerDestination = …) are allowed; the subject must not be English.
    expect(englishLeftovers(`${hybrid}\n${oauth}`, locale).filter((w) => ['tenant', 'hybrid', 'configuration', 'for'].includes(w.toLowerCase()))).toEqual([]);
  });
});
