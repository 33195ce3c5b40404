import { isUserError } from '../errors';
import { msg, type Message } from '../../i18n/message';
import { englishText } from '../../i18n/translator';
import { validateValue } from '../parser/value-types';

/** What a row asks for international calling; empty in the file means "leave it as it is". */
export type InternationalWish = 'block' | 'allow' | 'reset';

/** The word that, in the number or site column, takes the setting away: disable voice, clear the site. */
export const NONE = 'none';

/** One validated line of a bulk file: the user and the settings they should end up with. */
export interface BulkRow {
  /** Line number in the file or paste as the admin sees it (header included), for every reply about the row. */
  row: number;
  user: string;
  /** An E.164 number (enable voice with it), or `none` (disable voice: number removed, voice and voicemail off). */
  number?: string;
  /** A hybrid PSTN site (assign it), or `none` (clear the user's site). */
  site?: string;
  /** block or allow international calls, or reset to the tenant's global policy. */
  international?: InternationalWish;
}

export interface InvalidRow {
  row: number;
  /** Why the row is refused, in English (logs, tests). */
  reason: string;
  /** The same as a catalog message, rendered in the reader's language; a plain string where a value check gave one. */
  text: Message | string;
}

/** A refusal kept both ways, as request results are: English and the catalog message. */
export function because(text: Message | string): { reason: string; text: Message | string } {
  return { reason: typeof text === 'string' ? text : englishText(text), text };
}

export interface ParsedRows {
  rows: BulkRow[];
  invalid: InvalidRow[];
  /** How many non-empty data lines the input had (header excluded). */
  dataLines: number;
}

export interface BulkLimits {
  /** Most data rows one bulk request may carry. */
  maxRows: number;
  /** Most characters of input (paste or file) read at all. */
  maxChars: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = { maxRows: 1000, maxChars: 256 * 1024 };

/** The reasons a row is refused (bulk.reason.* in the catalogs). */
export const ROW_REASONS = {
  wrongColumnCount: (found: number) => msg('bulk.reason.wrongColumnCount', { found }),
  nothingToChange: msg('bulk.reason.nothingToChange'),
  badInternational: (value: string) => msg('bulk.reason.badInternational', { value }),
};

const HEADER = /^\s*"?upn"?\s*,\s*"?number"?\s*,\s*"?site"?\s*,\s*"?international"?\s*$/i;
const INTERNATIONAL: Record<string, InternationalWish> = {
  block: 'block',
  blocked: 'block',
  disallow: 'block',
  disallowed: 'block',
  allow: 'allow',
  allowed: 'allow',
  reset: 'reset',
  default: 'reset',
  global: 'reset',
};

/**
 * Pure: text of a paste or CSV file → validated rows and refused rows with their line numbers. Values are checked
 * with the same types the chat commands use (UPN, E.164, site name). Size limits are checked by the caller first.
 */
export function parseBulkRows(text: string): ParsedRows {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const rows: BulkRow[] = [];
  const invalid: InvalidRow[] = [];
  let dataLines = 0;
  lines.forEach((line, index) => {
    const row = index + 1;
    if (line.trim() === '' || (dataLines === 0 && rows.length === 0 && invalid.length === 0 && HEADER.test(line))) return;
    dataLines += 1;
    const parsed = parseRow(line, row);
    if ('reason' in parsed) invalid.push(parsed);
    else rows.push(parsed);
  });
  return { rows, invalid, dataLines };
}

function parseRow(line: string, row: number): BulkRow | InvalidRow {
  const cells = splitCsvLine(line).map((cell) => cell.trim());
  if (cells.length !== 4) return { row, ...because(ROW_REASONS.wrongColumnCount(cells.length)) };
  const [user, number, site, international] = cells;
  try {
    const parsed: BulkRow = { row, user: String(validateValue('upn', user, msg('bulk.column.user'))) };
    if (number) parsed.number = isNone(number) ? NONE : String(validateValue('e164', number, msg('bulk.column.number')));
    if (site) parsed.site = isNone(site) ? NONE : String(validateValue('siteName', site, msg('bulk.column.site')));
    if (international) {
      const wish = INTERNATIONAL[international.toLowerCase()];
      if (!wish) return { row, ...because(ROW_REASONS.badInternational(international.slice(0, 40))) };
      parsed.international = wish;
    }
    if (!parsed.number && !parsed.site && !parsed.international) return { row, ...because(ROW_REASONS.nothingToChange) };
    return parsed;
  } catch (error) {
    if (isUserError(error)) return { row, ...because(error.text) };
    throw error;
  }
}

// `none` in any case: a spreadsheet may well have capitalised it.
function isNone(cell: string): boolean {
  return cell.toLowerCase() === NONE;
}

/** One CSV line (RFC 4180 quoting, no line breaks inside quotes: a bulk row never needs one). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
