import { readConfig } from '../../src/config/read-config';
import { translatorFor } from '../../src/i18n/activity-translator';
import { normaliseLocale, resolveLocale, validTimeZone } from '../../src/i18n/locale';
import { msg } from '../../src/i18n/message';
import { Translator } from '../../src/i18n/translator';

describe('locale resolution', () => {
  test.each([
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['fr-FR', 'fr'],
    ['fr-CA', 'fr'],
    ['fr', 'fr'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh_tw', 'zh-TW'],
    ['ko-KR', 'ko'],
    ['KO', 'ko'],
  ])('%s is served by %s', (tag, locale) => {
    expect(normaliseLocale(tag)).toBe(locale);
  });

  test.each([['de-DE'], ['ja-JP'], [''], ['x'], [undefined], [null]])('%s is served by no catalog', (tag) => {
    expect(normaliseLocale(tag as string)).toBeUndefined();
  });

  test('the activity locale wins, then the configured language, then English', () => {
    expect(resolveLocale('ko-KR', 'fr')).toBe('ko');
    expect(resolveLocale('de-DE', 'fr')).toBe('fr');
    expect(resolveLocale(undefined, 'zh-Hant')).toBe('zh-TW');
    expect(resolveLocale('de-DE', undefined)).toBe('en');
    expect(resolveLocale(undefined, undefined)).toBe('en');
  });

  test('the turn translator takes the activity locale and time zone, ignoring a zone Intl does not know', () => {
    const t = translatorFor({ locale: 'fr-CA', localTimezone: 'America/Toronto' }, { default: 'en' });
    expect([t.locale, t.timeZone]).toEqual(['fr', 'America/Toronto']);
    const fallback = translatorFor({ locale: 'de-DE', localTimezone: 'Mars/Olympus_Mons' }, { default: 'ko' });
    expect([fallback.locale, fallback.timeZone]).toEqual(['ko', 'UTC']);
    expect(validTimeZone('Asia/Seoul')).toBe('Asia/Seoul');
    // One spelling per zone, however the client cased it.
    expect(validTimeZone(' america/new_york ')).toBe('America/New_York');
  });

  test('a person whose client speaks none of the languages gets their configured one, others the default', () => {
    const locales = { default: 'fr', users: { 'aaaa-0001': 'zh-TW' } };
    expect(translatorFor({ locale: 'de-DE', from: { aadObjectId: 'AAAA-0001' } }, locales).locale).toBe('zh-TW');
    expect(translatorFor({ locale: 'de-DE', from: { aadObjectId: 'bbbb-0002' } }, locales).locale).toBe('fr');
    // The client's own language still comes first.
    expect(translatorFor({ locale: 'ko-KR', from: { aadObjectId: 'aaaa-0001' } }, locales).locale).toBe('ko');
  });

  test('the configuration names each language once, normalised, and refuses what no catalog serves', () => {
    const config = readConfig({ VOICEOPS_DEFAULT_LOCALE: 'fr-CA', VOICEOPS_USER_LOCALES: 'AAAA-0001=zh-Hant, bbbb-0002=ko-KR', VOICEOPS_APPROVAL_LOCALE: 'zh-SG' });
    expect(config.locales).toEqual({ default: 'fr', approvals: 'zh-CN', users: { 'aaaa-0001': 'zh-TW', 'bbbb-0002': 'ko' } });
    expect(readConfig({}).locales).toEqual({ default: 'en', approvals: undefined, users: {} });
    expect(() => readConfig({ VOICEOPS_DEFAULT_LOCALE: 'de-DE' })).toThrow(/VOICEOPS_DEFAULT_LOCALE must be one of en, fr, zh-CN, zh-TW, ko/);
    expect(() => readConfig({ VOICEOPS_USER_LOCALES: 'aaaa-0001' })).toThrow(/<object id>=<locale>/);
    expect(validTimeZone('')).toBeUndefined();
  });
});

describe('Translator', () => {
  const instant = '2026-01-15T13:05:00.000Z';

  test('dates are written in the reader\'s locale and time zone, with the zone named', () => {
    expect(new Translator('en').dateTime(instant)).toBe('Jan 15, 2026, 1:05 PM UTC');
    const paris = new Translator('fr', 'Europe/Paris').dateTime(instant);
    expect(paris).toContain('15 janv. 2026');
    expect(paris).toContain('14:05 UTC+1');
    const seoul = new Translator('ko', 'Asia/Seoul').dateTime(instant);
    expect(seoul).toContain('2026년 1월 15일');
    expect(seoul).toMatch(/(PM|오후) 10:05 GMT\+9/);
    const taipei = new Translator('zh-TW', 'Asia/Taipei').dateTime(instant);
    expect(taipei).toContain('2026年1月15日');
    expect(taipei).toContain('下午9:05');
    const shanghai = new Translator('zh-CN', 'Asia/Shanghai').dateTime(instant);
    expect(shanghai).toContain('2026年1月15日');
    expect(shanghai).toContain('21:05');
    const seattle = new Translator('en', 'America/Los_Angeles').dateTime(instant);
    expect(seattle).toBe('Jan 15, 2026, 5:05 AM PST');
  });

  test('a date inside a message follows the same rules', () => {
    const text = new Translator('fr', 'Europe/Paris').render(msg('card.request.expiredText', { expiresAt: { dateTime: instant } }));
    expect(text).toContain('14:05');
    expect(text).toMatch(/^Personne ne l’a approuvée avant le 15 janv\. 2026/);
  });

  test('phone numbers are grouped for reading; the value itself stays E.164 elsewhere', () => {
    const t = new Translator('fr');
    expect(t.phone('+14255550100')).toBe('+1 425 555 0100');
    expect(t.phone('tel:+33142685300')).toBe('+33 1 42 68 53 00');
    expect(t.phone('+821012345678')).toBe('+82 10 1234 5678');
    expect(t.phone('not a number')).toBe('not a number');
  });

  test('numbers are formatted per locale, but request numbers in text are never grouped', () => {
    expect(new Translator('fr').number(12345.5)).toBe('12\u202f345,5');
    expect(new Translator('en').number(12345)).toBe('12,345');
    expect(new Translator('en').t('error.requestNotFound', { id: 12345 })).toBe('There is no request #12345.');
  });

  test('plurals follow each language\'s rules', () => {
    const params = (required: number) => ({ id: '7', what: 'enable voice alice@contoso.com', state: msg('state.pending'), approvals: 0, required });
    expect(new Translator('en').t('summary.lineWithProgress', params(1))).toBe('#7 enable voice alice@contoso.com: Waiting for approval (0 of 1 approval)');
    expect(new Translator('en').t('summary.lineWithProgress', params(2))).toBe('#7 enable voice alice@contoso.com: Waiting for approval (0 of 2 approvals)');
    expect(new Translator('fr').t('summary.lineWithProgress', params(1))).toContain('(0 sur 1 approbation)');
    expect(new Translator('fr').t('summary.lineWithProgress', params(2))).toContain('(0 sur 2 approbations)');
    expect(new Translator('ko').t('summary.lineWithProgress', params(2))).toContain('승인 2개 중 0개');
  });

  test('nested messages are rendered in the same language; angle brackets are plain text', () => {
    const t = new Translator('zh-TW');
    expect(t.render(msg('error.requestNotPending', { id: '3', state: msg('state.rejected') }))).toBe('要求 #3 的狀態已是「已拒絕」；沒有需要決定的事項了。');
    expect(new Translator('en').t('card.request.footnoteApprover', { id: '3' })).toBe('On mobile you can also type approve 3 or reject 3 <reason>.');
  });
});
