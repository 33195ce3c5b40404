import type { Translator } from '../i18n/translator';

/**
 * Teams refuses a message whose card is larger than about 28 KB, so anything PowerShell returned is cut before it
 * goes on a card. The executor already caps output at megabytes; this is the much smaller cut for display.
 */

/** Default room for one block of PowerShell output on a card, in characters. */
export const CARD_TEXT_LIMIT = 4_000;
/** Default number of lines shown; long lists are cut by line before by character. */
export const CARD_LINE_LIMIT = 40;

export interface FittedText {
  text: string;
  truncated: boolean;
  /** Characters of the original left out (counted in UTF-16 units, as JavaScript measures strings). */
  omittedChars: number;
}

/** The line added under cut text, saying how many characters were left out, in the reader's words. */
export type OmittedNote = (omittedChars: number) => string;

export function omittedNote(t: Translator): OmittedNote {
  return (omitted) => `\n${t.t('fit.moreNotShown', { count: omitted })}`;
}

/** Cuts text to at most `maxLines` lines and `maxChars` characters (including the note that says what was cut). */
export function fitTextToCard(text: string, note: OmittedNote, maxChars: number = CARD_TEXT_LIMIT, maxLines: number = CARD_LINE_LIMIT): FittedText {
  if (!Number.isInteger(maxChars) || maxChars < 80) throw new Error('a card text limit must be a whole number of at least 80');
  const lines = text.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/);
  let kept = lines.length > maxLines ? lines.slice(0, maxLines).join('\n') : lines.join('\n');
  if (lines.length <= maxLines && kept.length <= maxChars) return { text: kept, truncated: false, omittedChars: 0 };
  const originalLength = lines.join('\n').length;
  const room = maxChars - note(originalLength).length;
  if (kept.length > room) kept = kept.slice(0, room);
  // Never end on half of a surrogate pair: Teams would show a replacement character.
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  const omittedChars = originalLength - kept.length;
  return { text: kept + note(omittedChars), truncated: true, omittedChars };
}

/** PowerShell output (parsed JSON) as readable text for a card: strings as they are, anything else as indented JSON. */
export function fitOutputToCard(output: unknown, note: OmittedNote, maxChars: number = CARD_TEXT_LIMIT, maxLines: number = CARD_LINE_LIMIT): FittedText {
  const text = typeof output === 'string' ? output : (JSON.stringify(output, null, 2) ?? 'null');
  return fitTextToCard(text, note, maxChars, maxLines);
}
