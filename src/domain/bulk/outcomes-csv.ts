import type { BulkRowOutcome } from './bulk-execution';

const HEADER = ['row', 'upn', 'number', 'site', 'international', 'outcome', 'detail'];

/** The per-row outcomes as CSV (RFC 4180), safe to open in a spreadsheet. */
export function outcomesCsv(rows: readonly BulkRowOutcome[]): string {
  return csvText([HEADER, ...rows.map((r) => [String(r.row), r.user, r.number ?? '', r.site ?? '', r.international ?? '', r.outcome, r.detail])]);
}

/** Lines of cells as CSV text, CRLF-terminated. */
export function csvText(lines: readonly (readonly string[])[]): string {
  return `${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// A cell a spreadsheet would run as a formula gets a leading quote; E.164 numbers (+ then digits) stay as they are.
export function csvCell(value: string): string {
  const safe = /^[=@\t\r]|^[+-](?!\d+$)/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
