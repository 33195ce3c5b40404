import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
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
  /** The argument each capture group holds, in order; a plural's count comes back as a number. */
  names: string[];
  counts: Set<string>;
  /** Arguments an English wording fixes without showing them ("one {the valid row}": the count is 1). */
  fixed: Record<string, number>;
}

/**
 * English a result message had before it was reworded: results stored as text before messages were stored were
 * written in it, and still read back to their message.
 */
const FORMER_ENGLISH: Partial<Record<MessageKey, readonly string[]>> = {
  'result.verified': ['Applied and verified by reading the user back from the tenant.'],
  'result.interruptedLanded': ['The process running this change stopped mid-change; reading the user back shows the change landed.'],
  'result.interruptedUnchanged': [
    'The process running this change stopped mid-change; reading the user back shows nothing changed. It was not re-run: request it again if it is still needed.',
  ],
  'result.interruptedPartly': [
    'The process running this change stopped mid-change and the user is now partly changed ({properties}). A person must check; nothing was re-run.',
  ],
  'result.interruptedReadFailed': [
    'The process running this change stopped, and reading the user back failed ({detail}). A person must check the tenant; nothing was re-run.',
  ],
  'result.interruptedBulk': [
    'The process running this bulk change stopped before it finished; nothing was re-run. Read back: {total} rows: {changed} changed, {noChange} no change needed, {failed} not done. Send the rows not done again to finish them (rows already as requested are skipped).',
  ],
  'bulk.outcome.summary': ['{total} rows: {changed} changed, {noChange} no change needed, {failed} failed.'],
  'bulk.outcome.stoppedSummary': ['Stopped by {name}: {total} rows, {changed} changed, {noChange} no change needed, {failed} failed, {notRun} not run.'],
  'bulk.moreRows': ['… and {count} more rows'],
};

/** One way an English message can read: a regular expression source and what its groups and wording say. */
interface Reading {
  source: string;
  names: string[];
  counts: string[];
  fixed: Record<string, number>;
  literal: number;
}

const NO_READINGS: Reading[] = [];

/** Every reading of a parsed message, one per choice of plural branches; none when it has a select (never guessed). */
function readings(elements: MessageFormatElement[], plural?: string): Reading[] {
  let found: Reading[] = [{ source: '', names: [], counts: [], fixed: {}, literal: 0 }];
  for (const element of elements) {
    let options: Reading[];
    if (element.type === TYPE.literal) {
      options = [{ source: element.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), names: [], counts: [], fixed: {}, literal: element.value.trim().length }];
    } else if (element.type === TYPE.argument) {
      options = [{ source: '([\\s\\S]+?)', names: [element.value], counts: [], fixed: {}, literal: 0 }];
    } else if (element.type === TYPE.pound && plural) {
      // English formats counts with grouping: 1,234.
      options = [{ source: '(\\d{1,3}(?:,\\d{3})*)', names: [plural], counts: [plural], fixed: {}, literal: 0 }];
    } else if (element.type === TYPE.plural && element.pluralType === 'cardinal') {
      const arg = element.value;
      options = Object.entries(element.options).flatMap(([choice, option]) =>
        readings(option.value, arg).map((reading) => {
          const exact = choice === 'one' ? 1 : /^=\d+$/.test(choice) ? Number(choice.slice(1)) : undefined;
          return exact === undefined || reading.names.includes(arg) ? reading : { ...reading, fixed: { ...reading.fixed, [arg]: exact } };
        }),
      );
    } else {
      return NO_READINGS;
    }
    found = found.flatMap((before) =>
      options.map((after) => ({
        source: before.source + after.source,
        names: [...before.names, ...after.names],
        counts: [...before.counts, ...after.counts],
        fixed: { ...before.fixed, ...after.fixed },
        literal: before.literal + after.literal,
      })),
    );
  }
  return found;
}

const patterns = new Map<string, Pattern[]>();

/**
 * English messages under these key prefixes (as worded now and before), one pattern per reading, longest literal
 * text first (so "The change failed: {detail}" is tried before a message that is mostly a placeholder). A message
 * with a select, or with no words of its own, is never guessed back.
 */
function patternsFor(prefixes: readonly string[]): Pattern[] {
  const id = prefixes.join('\u0000');
  let found = patterns.get(id);
  if (found) return found;
  const english = CATALOGS[DEFAULT_LOCALE] as Record<string, string>;
  const scored: { pattern: Pattern; literal: number }[] = [];
  for (const key of Object.keys(english).filter((k) => prefixes.some((p) => k.startsWith(p))) as MessageKey[]) {
    for (const wording of [english[key], ...(FORMER_ENGLISH[key] ?? [])]) {
      for (const reading of readings(parse(wording, { ignoreTag: true }))) {
        if (reading.literal === 0) continue;
        const pattern = { key, regex: new RegExp(`^${reading.source}$`), names: reading.names, counts: new Set(reading.counts), fixed: reading.fixed };
        scored.push({ pattern, literal: reading.literal });
      }
    }
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
  for (const { key, regex, names, counts, fixed } of patternsFor(prefixes)) {
    const match = regex.exec(text);
    if (!match) continue;
    const params: Record<string, string | number> = { ...fixed };
    const consistent = names.every((name, i) => {
      const value = counts.has(name) ? Number(match[i + 1].replaceAll(',', '')) : match[i + 1];
      // A count shown twice ("# rows … them all") must read the same both times.
      if (name in params && params[name] !== value) return false;
      params[name] = value;
      return true;
    });
    if (!consistent) continue;
    return Object.keys(params).length === 0 ? msg(key) : msg(key, params);
  }
  return undefined;
}
