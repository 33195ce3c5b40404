import { CARD_TEXT_LIMIT, fitOutputToCard, fitTextToCard, omittedNote } from '../../src/cards/fit-to-card';
import { Translator } from '../../src/i18n/translator';

const NOTE = omittedNote(new Translator('en'));

describe('cutting PowerShell output to fit a Teams card', () => {
  test('when the text is short, then it is shown whole', () => {
    expect(fitTextToCard('EnterpriseVoiceEnabled : True', NOTE)).toEqual({ text: 'EnterpriseVoiceEnabled : True', truncated: false, omittedChars: 0 });
  });

  test('when the text is 50 MB, then the card gets at most the limit, with a note of how much was left out', () => {
    const flood = 'x'.repeat(50 * 1024 * 1024);

    const fitted = fitTextToCard(flood, NOTE);

    expect(fitted.truncated).toBe(true);
    expect(fitted.text.length).toBeLessThanOrEqual(CARD_TEXT_LIMIT);
    expect(fitted.text).toMatch(/… [0-9,]+ more characters not shown$/);
    expect(fitted.omittedChars + fitted.text.indexOf('\n…')).toBe(flood.length);
  });

  test("the note is in the reader's language, its number formatted for them, and still fits the limit", () => {
    const flood = 'x'.repeat(12_345);
    const fr = fitTextToCard(flood, omittedNote(new Translator('fr')), 1_000);
    expect(fr.text.length).toBeLessThanOrEqual(1_000);
    expect(fr.text).toMatch(/\n… 11\u202f\d{3} caractères de plus non affichés$/);
    const ko = fitTextToCard(flood, omittedNote(new Translator('ko')), 1_000);
    expect(ko.text).toMatch(/\n… 11,\d{3}자가 더 있으나 표시되지 않음$/);
    expect(ko.omittedChars + ko.text.indexOf('\n…')).toBe(flood.length);
  });

  test('when there are many lines, then only the first ones are kept', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `user${i}@contoso.com  site-${i % 3}`).join('\n');

    const fitted = fitTextToCard(lines, NOTE, 4_000, 10);

    expect(fitted.text.split('\n').slice(0, 10)).toEqual(lines.split('\n').slice(0, 10));
    expect(fitted.text.split('\n')).toHaveLength(11);
  });

  test('when the cut falls inside a surrogate pair, then the pair is dropped whole', () => {
    for (let limit = 100; limit < 140; limit++) {
      const kept = fitTextToCard('a'.repeat(20) + '😀'.repeat(200), NOTE, limit).text;
      expect(kept).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      expect(kept.length).toBeLessThanOrEqual(limit);
    }
  });

  test('when the output is an object, then it is shown as indented JSON within the limit', () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ UserPrincipalName: `user${i}@contoso.com`, HybridPstnSite: 'Redmond' }));

    const fitted = fitOutputToCard(users, NOTE, 1_000);

    expect(fitted.text.startsWith('[\n  {\n    "UserPrincipalName": "user0@contoso.com"')).toBe(true);
    expect(fitted.text.length).toBeLessThanOrEqual(1_000);
    expect(fitOutputToCard(undefined, NOTE).text).toBe('null');
  });
});
