import { BotHarness } from '../support/bot-harness';
import { ADELE, MEGAN } from '../support/personas';
import { cardOf } from '../support/teams-connector';
import { bulkUser, writeBulkTenant } from '../bulk/bulk-tenant';
import { CATALOGS } from '../../src/i18n/catalogs';
import { Translator } from '../../src/i18n/translator';
import { englishLeftovers, textsWithEnglishLeftovers, visibleCardStrings } from './support/english-leftovers';
import { TEAMS_CLIENTS } from './support/teams-clients';

/** Values the paste holds that replies quote back as typed. */
const TYPED = ['not-a-upn', 'maybe'];

/**
 * A short pasted bulk change in each language, over real HTTP and real pwsh against the simulated tenant: the
 * "checking" reply, the summary text and card with every refused row's reason, and the bulk refusals (no rows,
 * a file that is not CSV) have no English left.
 */
describe('bulk in every language', () => {
  let bot: BotHarness;

  afterEach(async () => {
    await bot.stop();
  });

  test.each(TEAMS_CLIENTS)('$tag: the bulk summary and refusals are in $locale', async ({ tag, locale }) => {
    bot = new BotHarness({ VOICEOPS_POOL_SIZE: '1', VOICEOPS_BULK_PROGRESS_MS: '0' });
    writeBulkTenant(bot.dataDir, { extraUsers: 3 });
    await bot.start();
    bot.locale = tag;
    const paste = [
      'bulk',
      'upn,number,site,international',
      `${bulkUser(1)},+14255551001,,`, // valid
      'not-a-upn,+14255551003,,', // invalid UPN
      `${bulkUser(2)},+14255551002`, // two columns
      `${bulkUser(3)},,,maybe`, // bad international value
      `${bulkUser(1)},+14255551001,,`, // duplicate
      'nobody@contoso.com,+14255551008,,', // no such user
    ].join('\n');
    await bot.say(MEGAN, paste);
    await bot.app.runner.drain();
    await bot.say(MEGAN, 'bulk');
    const t = new Translator(locale);
    const title = t.t('bulk.summary.title', { rows: 6 });
    const sent = bot.connector.sent().map((c) => c.activity);
    // Only the summary card here; the approval card and the result are checked below.
    const summary = sent.filter((a) => visibleCardStrings(cardOf(a)).includes(title));
    expect(summary).toHaveLength(1);
    const texts = [
      ...sent.map((a) => String(a.text ?? '')),
      ...summary.flatMap((a) => visibleCardStrings(cardOf(a))),
    ].filter((text) => text.trim() !== '' && !/^#?\d+ |Request #1:|\(bulk\)/.test(text));
    const all = texts.join('\n');
    const words = CATALOGS[locale];

    expect(all).toContain(t.t('bulk.checking', { rows: 6 }));
    expect(all).toContain(words['bulk.summary.problemsHeading']);
    expect(all).toContain(t.t('bulk.summary.filed', { id: '1', count: 1 }));
    expect(all).toContain(t.t('bulk.reason.repeatOf', { first: '2' }));
    expect(all).toContain(t.t('bulk.reason.noSuchUser', { user: 'nobody@contoso.com' }));
    expect(all).toContain(words['bulk.usage']);

    if (locale === 'en') {
      expect(englishLeftovers(all, 'fr').length).toBeGreaterThan(10);
      expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(20);
      return;
    }
    expect(textsWithEnglishLeftovers(texts, locale, TYPED)).toEqual([]);
  });

  test.each(TEAMS_CLIENTS)('$tag: an approved bulk request\'s cards, result and status are in $locale', async ({ tag, locale }) => {
    bot = new BotHarness({ VOICEOPS_POOL_SIZE: '1', VOICEOPS_BULK_PROGRESS_MS: '0' });
    writeBulkTenant(bot.dataDir, { extraUsers: 2 });
    await bot.start();
    bot.locale = tag;
    await bot.say(MEGAN, ['bulk', `${bulkUser(1)},+14255551001,,block`, `${bulkUser(2)},+14255551002,,`].join('\n'));
    await bot.app.runner.drain();
    const { requestId, nonce } = bot.latestApprovalCard();
    expect((await bot.click(ADELE, 'approve', { requestId, nonce })).statusCode).toBe(200);
    await bot.app.runner.drain();
    await bot.say(MEGAN, `status ${requestId}`);
    const t = new Translator(locale);
    const activities = [...bot.connector.sent(), ...bot.connector.updates()].map((c) => c.activity);
    const cards = activities.map((a) => cardOf(a)).filter((card) => card !== undefined);
    const texts = [...activities.map((a) => String(a.text ?? '')), ...cards.flatMap((card) => visibleCardStrings(card))].filter((text) => text.trim() !== '');
    const all = texts.join('\n');

    const summary = t.t('bulk.outcome.summary', { total: 2, changed: 2, noChange: 0, failed: 0 });
    expect(all).toContain(summary);
    expect(all).toContain(t.t('card.request.title', { id: '1', what: `bulk ${t.t('bulk.headline', { count: 2 })}` }));
    expect(all).toContain(t.t('bulk.rowProperty', { row: '1', user: bulkUser(1) }));
    expect(all).toContain(`# ${t.t('bulk.preview.row', { row: '1' })}`);
    expect(all).toContain(t.t('bulk.count.changed'));
    expect(texts.filter((text) => text.includes(summary) && text.includes('/bulk/outcomes/')).length).toBeGreaterThan(0);
    const outcomes = (await bot.app.store.getRequest(requestId))?.result?.bulkRows ?? [];
    expect(outcomes.map((o) => (o.text ? t.render(o.text) : ''))).toEqual([t.t('bulk.outcome.changed'), t.t('bulk.outcome.changed')]);

    if (locale === 'en') {
      expect(all).toContain('2 rows: 2 changed, 0 no change needed, 0 failed.');
      expect(englishLeftovers(all, 'ko').length).toBeGreaterThan(20);
      return;
    }
    expect(textsWithEnglishLeftovers(texts, locale, TYPED)).toEqual([]);
  });
});
