import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { CATALOGS } from './catalogs';
import { DEFAULT_LOCALE } from './locale';
import { msg, type Message, type MessageKey } from './message';

/** What a request's result said (request results and bulk outcomes). */
export const RESULT_MESSAGES = ['result.', 'bulk.outcome.'] as const;
/** The bot's own row labels on a bulk request's card: "Row N: upn", "… and N more rows", the count rows. */
export const BULK_ROW_LABELS = ['bulk.rowProperty', 'bulk.moreRows', 'bulk.count.'] as const;

interface Pattern {
  key: MessageKey;
  regex: RegExp;
  names: string[];
}

const patterns = new Map<string, Pattern[]>();

/**
 * English messages under these key prefixes as patterns, longest literal text first (so "The change failed: {detail}"
 * is tried before a message that is mostly a placeholder). Only plain text and simple arguments: a message with a
 * plural or select, or with no words of its own, is never guessed back.
 */
function patternsFor(prefixes: readonly string[]): Pattern[] {
  const id = prefixes.join('\u0000');
  let found = patterns.get(id);
  if (found) return found;
  const english = CATALOGS[DEFAULT_LOCALE] as Record<string, string>;
  const scored: { pattern: Pattern; literal: number }[] = [];
  for (const key of Object.keys(english).filter((k) => prefixes.some((p) => k.startsWith(p)))) {
    const elements = parse(english[key], { ignoreTag: true });
    if (!elements.every((e) => e.type === TYPE.literal || e.type === TYPE.argument)) continue;
    const literal = elements.reduce((n, e) => n + (e.type === TYPE.literal ? e.value.trim().length : 0), 0);
    if (literal === 0) continue;
    const names: string[] = [];
    const source = elements
      .map((e) => {
        if (e.type === TYPE.literal) return e.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(e.value);
        return '([\\s\\S]+?)';
      })
      .join('');
    scored.push({ pattern: { key: key as MessageKey, regex: new RegExp(`^${source}$`), names }, literal });
  }
  found = scored.sort((a, b) => b.literal - a.literal).map((s) => s.pattern);
  patterns.set(id, found);
  return found;
}

/**
 * The catalog message an English text stored before messages were stored was rendered from, with its arguments as
 * the text has them (a UPN, a count, the tenant's error detail), so it can be shown in another language; undefined
 * when no message of those families reads exactly so (the text is then shown as stored).
 */
export function recogniseStoredEnglish(text: string, prefixes: readonly string[]): Message | undefined {
  for (const { key, regex, names } of patternsFor(prefixes)) {
    const match = regex.exec(text);
    if (!match) continue;
    if (names.length === 0) return msg(key);
    return msg(key, Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
  }
  return undefined;
}
