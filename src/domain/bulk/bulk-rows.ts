import { isUserError } from '../errors';
import { validateValue } from '../parser/value-types';

/** What a row asks for international calling; empty in the file means "leave it as it is". */
export type InternationalWish = 'block' | 'allow';

/** One validated line of a bulk file: the user and the settings they should end up with. */
export interface BulkRow {
  /** Line number in the file or paste as the admin sees it (header included), for every reply about the row. */
  row: number;
  user: string;
  number?: string;
  site?: string;
  international?: InternationalWish;
}

export interface InvalidRow {
  row: number;
  reason: string;
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

/** The reasons a row is refused, worded once here (another helper moves them to the message catalogs). */
export const ROW_REASONS = {
  wrongColumnCount: (found: number) => `expected 4 columns (upn,number,site,international), found ${found}`,
  nothingToChange: 'no number, site or international setting: nothing to change',
  badInternational: (value: string) => `international must be block or allow (or empty to leave it), not "${value}"`,
};

const HEADER = /^\s*"?upn"?\s*,\s*"?number"?\s*,\s*"?site"?\s*,\s*"?international"?\s*$/i;
const INTERNATIONAL: Record<string, InternationalWish> = {
  block: 'block',
  blocked: 'block',
  disallow: 'block',
  disallowed: 'block',
  allow: 'allow',
  allowed: 'allow',
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
  if (cells.length !== 4) return { row, reason: ROW_REASONS.wrongColumnCount(cells.length) };
  const [user, number, site, international] = cells;
  try {
    const parsed: BulkRow = { row, user: String(validateValue('upn', user, 'the user')) };
    if (number) parsed.number = String(validateValue('e164', number, 'the phone number'));
    if (site) parsed.site = String(validateValue('siteName', site, 'the PSTN site'));
    if (international) {
      const wish = INTERNATIONAL[international.toLowerCase()];
      if (!wish) return { row, reason: ROW_REASONS.badInternational(international.slice(0, 40)) };
      parsed.international = wish;
    }
    if (!parsed.number && !parsed.site && !parsed.international) return { row, reason: ROW_REASONS.nothingToChange };
    return parsed;
  } catch (error) {
    if (isUserError(error)) return { row, reason: error.message };
    throw error;
  }
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
