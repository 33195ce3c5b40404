import Database from 'better-sqlite3';
import { BotHarness } from '../support/bot-harness';
import { ADELE, MEGAN } from '../support/personas';
import { bulkUser, writeBulkTenant } from '../bulk/bulk-tenant';
import { CATALOGS } from '../../src/i18n/catalogs';
import { msg, type MessageKey } from '../../src/i18n/message';
import { BULK_ROW_LABELS, RESULT_MESSAGES, recogniseStoredEnglish } from '../../src/i18n/stored-english';
import { englishText, Translator } from '../../src/i18n/translator';
import { englishLeftovers, visibleCardStrings } from './support/english-leftovers';

const en = CATALOGS.en as Record<string, string>;

/** What a request stored before results and row labels kept their catalog messages: English only. */
function forgetStoredMessages(databasePath: string, requestId: number): void {
  const db = new Database(databasePath);
  try {
    const row = db.prepare('SELECT result, before_state FROM requests WHERE id = ?').get(requestId) as { result: string | null; before_state: string };
    const result = row.result === null ? null : JSON.parse(row.result);
    if (result) delete result.text;
    for (const r of result?.after ?? []) delete r.label;
    const before = JSON.parse(row.before_state);
    for (const r of before) delete r.label;
    db.prepare('UPDATE requests SET result = ?, before_state = ? WHERE id = ?').run(JSON.stringify(result), JSON.stringify(before), requestId);
  } finally {
    db.close();
  }
}

describe('texts stored in English before they had catalog messages', () => {
  test('every result and bulk row label message is read back from its English rendering, arguments and all', () => {
    const keys = Object.keys(en).filter((k) => [...RESULT_MESSAGES, ...BULK_ROW_LABELS].some((p) => k.startsWith(p))) as MessageKey[];
    let recognised = 0;
    for (const key of keys) {
      const names = [...new Set([...en[key].matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
      const counts = [...new Set([...en[key].matchAll(/\{(\w+), plural,/g)].map((m) => m[1]))];
      if (/\{\w+, select/.test(en[key]) || en[key].replace(/\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '').trim() === '') continue;
      const families = key.startsWith('bulk.outcome.') || key.startsWith('result.') ? RESULT_MESSAGES : BULK_ROW_LABELS;
      // A count reads differently for one and for many ("1 row", "1,234 rows"): both are read back.
      for (const count of counts.length ? [1, 1234] : [0]) {
        const params = { ...Object.fromEntries(names.map((n, i) => [n, `${n}${i}@contoso.com`])), ...Object.fromEntries(counts.map((n) => [n, count])) };
        const stored = englishText(msg(key, params));
        expect([key, stored, recogniseStoredEnglish(stored, families)]).toEqual([key, stored, Object.keys(params).length ? { key, params } : { key }]);
      }
      recognised++;
    }
    expect(recognised).toBeGreaterThan(15);
  });

  test('a result stored in the English of an earlier wording is read back to its message', () => {
    expect(englishText(recogniseStoredEnglish('1 rows: 1 changed, 0 no change needed, 0 failed.', RESULT_MESSAGES)!)).toBe('1 row: 1 changed, 0 no change needed, 0 failed.');
    expect(recogniseStoredEnglish('Applied and verified by reading the user back from the tenant.', RESULT_MESSAGES)).toEqual(msg('result.verified'));
    expect(new Translator('fr').render(recogniseStoredEnglish('3 rows: 2 changed, 1 no change needed, 0 failed.', RESULT_MESSAGES)!)).toBe(
      '3 lignes : 2 modifiée(s), 1 sans modification nécessaire, 0 en échec.',
    );
  });

  test('text no message reads as, and a message with no words of its own, are not guessed', () => {
    expect(recogniseStoredEnglish('Something a much older version said.', RESULT_MESSAGES)).toBeUndefined();
    expect(en['bulk.outcome.asWritten']).toBe('{text}');
    expect(recogniseStoredEnglish('EnterpriseVoiceEnabled', BULK_ROW_LABELS)).toBeUndefined();
    expect(recogniseStoredEnglish('The change failed: Set-CsUser: no such user', RESULT_MESSAGES)).toEqual(msg('result.changeFailed', { detail: 'Set-CsUser: no such user' }));
  });

  describe('shown to a reader in another language', () => {
    let bot: BotHarness;
    afterEach(async () => bot.stop());

    test('an old enable voice result is in Korean on status N', async () => {
      bot = await new BotHarness().start();
      await bot.say(MEGAN, 'enable voice alice@contoso.com +14255550100');
      const { requestId, nonce } = bot.latestApprovalCard();
      await bot.click(ADELE, 'approve', { requestId, nonce });
      await bot.app.runner.drain();
      forgetStoredMessages(bot.config.databasePath, requestId);
      expect((await bot.app.store.getRequest(requestId))?.result).not.toHaveProperty('text');

      bot.locale = 'ko-KR';
      bot.connector.clear();
      await bot.say(MEGAN, `status ${requestId}`);
      const reply = bot.connector.texts().join('\n');
      expect(reply).toContain(CATALOGS.ko['result.verified']);
      expect(reply).not.toContain(en['result.verified']);
    });

    test("an old bulk request's row labels and result are in French on its card", async () => {
      bot = new BotHarness({ VOICEOPS_POOL_SIZE: '1', VOICEOPS_BULK_PROGRESS_MS: '0' });
      writeBulkTenant(bot.dataDir, { extraUsers: 2 });
      await bot.start();
      await bot.say(MEGAN, ['bulk', `${bulkUser(1)},+14255551001,,block`, `${bulkUser(2)},+14255551002,,`].join('\n'));
      await bot.app.runner.drain();
      const { requestId, nonce } = bot.latestApprovalCard();
      forgetStoredMessages(bot.config.databasePath, requestId);
      const stored = await bot.app.store.getRequest(requestId);
      expect(stored?.before.some((r) => r.label)).toBe(false);
      expect(stored?.before.map((r) => r.property)).toContain(`Row 1: ${bulkUser(1)}`);
      const fr = new Translator('fr');

      bot.locale = 'fr-FR';
      const pending = visibleCardStrings(await bot.viewAs(ADELE, requestId, nonce));
      expect(pending).toContain(fr.t('bulk.rowProperty', { row: '1', user: bulkUser(1) }));
      expect(pending).toContain(fr.t('bulk.rowProperty', { row: '2', user: bulkUser(2) }));
      expect(pending.flatMap((text) => englishLeftovers(text, 'fr'))).toEqual([]);

      await bot.click(ADELE, 'approve', { requestId, nonce });
      await bot.app.runner.drain();
      forgetStoredMessages(bot.config.databasePath, requestId);
      expect((await bot.app.store.getRequest(requestId))?.result?.after.map((r) => r.property)).toContain('Changed');
      const done = visibleCardStrings(await bot.viewAs(ADELE, requestId, nonce));
      expect(done).toContain(fr.t('bulk.count.changed'));
      expect(done.join('\n')).toContain(fr.t('bulk.outcome.summary', { total: 2, changed: 2, noChange: 0, failed: 0 }));
      expect(done.flatMap((text) => englishLeftovers(text, 'fr'))).toEqual([]);
    });
  });
});
