import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { Operation, OperationParameters, VoicePath } from '../operations/operation';
import { voicePathOf } from '../operations/operation';
import { msg, type Message } from '../../i18n/message';
import { englishText } from '../../i18n/translator';
import type { VoiceRequest } from '../requests/request';
import type { BulkRow } from './bulk-rows';
import { BULK_STEP_OPERATIONS, stepsOf } from './bulk-steps';

export const BULK_CHANGE = 'bulk-change';
/** How many rows' commands the card shows; the rest are counted, and the row-set hash covers them all. */
const PREVIEW_ROWS = 10;

export function isBulk(request: Pick<VoiceRequest, 'operation'>): boolean {
  return request.operation === BULK_CHANGE;
}

/** A bulk request a run is working through: its requester can stop the rows not yet started. */
export function isRunningBulk(request: Pick<VoiceRequest, 'state' | 'operation'>): boolean {
  return request.state === 'running' && isBulk(request);
}

/**
 * What the tenant showed for each row when the request was filed: row number → property → the current value the
 * row would overwrite. The approvers approved those rows from that state (src/domain/requests/state-drift.ts).
 */
export type RowsSeen = Record<string, Record<string, string>>;

/**
 * The parameters of a bulk request: the exact rows, their hash for people to compare, and what the tenant showed
 * for them when filed (covered by the request hash, like every parameter; absent on requests filed without it).
 */
export function bulkParameters(rows: readonly BulkRow[], voicePath: VoicePath, seen?: RowsSeen, undoes?: number): OperationParameters {
  const json = canonicalJson(rows.map(cleanRow));
  return {
    rows: json,
    rowCount: rows.length,
    rowSetHash: rowSetHash(json),
    voicePath,
    ...(seen ? { rowsSeen: canonicalJson(seen) } : {}),
    ...(undoes ? { undoes } : {}),
  };
}

/** What the tenant showed for the rows when filed, or undefined for a request filed before it was kept. */
export function rowsSeenOf(params: OperationParameters): RowsSeen | undefined {
  return typeof params.rowsSeen === 'string' ? (JSON.parse(params.rowsSeen) as RowsSeen) : undefined;
}

/** SHA-256 of the canonical JSON of the rows: what one approval covers. */
export function rowSetHash(rowsJson: string): string {
  return createHash('sha256').update(rowsJson).digest('hex');
}

/** The rows a bulk request carries; throws when they no longer match the hash they were filed with. */
export function rowsOf(params: OperationParameters): BulkRow[] {
  const json = String(params.rows ?? '[]');
  if (rowSetHash(json) !== params.rowSetHash) throw new Error('the bulk request rows do not match their row-set hash');
  return JSON.parse(json) as BulkRow[];
}

function cleanRow(row: BulkRow): BulkRow {
  return {
    row: row.row,
    user: row.user,
    ...(row.number ? { number: row.number } : {}),
    ...(row.site ? { site: row.site } : {}),
    ...(row.international ? { international: row.international } : {}),
  };
}

const TEXT = {
  summary: 'Change many users from CSV lines (upn,number,site,international) or an uploaded CSV file; one approval covers the valid rows.',
  subject: (count: number) => msg('bulk.subject', { count }),
  headline: (count: number) => msg('bulk.headline', { count }),
  moreRows: (count: number) => msg('bulk.preview.moreRows', { count }),
  hashLine: (hash: string) => msg('bulk.preview.hash', { hash }),
  undoesLine: (id: number) => msg('bulk.preview.undoes', { id: String(id) }),
  rowLine: (row: number) => msg('bulk.preview.row', { row: String(row) }),
};

/** The preview's lines: the bot's comments as catalog messages, each row's cmdlet lines as they are. */
function previewLines(params: OperationParameters): Array<string | Message> {
  const rows = rowsOf(params);
  const lines: Array<string | Message> = [
    ...(typeof params.undoes === 'number' ? [TEXT.undoesLine(params.undoes)] : []),
    ...rows.slice(0, PREVIEW_ROWS).flatMap((row) => [TEXT.rowLine(row.row), ...stepsOf(row, voicePathOf(params)).map((s) => s.operation.preview(s.params))]),
  ];
  if (rows.length > PREVIEW_ROWS) lines.push(TEXT.moreRows(rows.length - PREVIEW_ROWS));
  lines.push(TEXT.hashLine(String(params.rowSetHash)));
  return lines;
}

/**
 * A bulk request is a request like any other (policy, approval card, expiry, hash), but it does not run one
 * PowerShell call: each row runs the catalog's own operations (src/domain/bulk/bulk-execution.ts).
 */
export const bulkChange: Operation = {
  name: BULK_CHANGE,
  syntax: {
    name: BULK_CHANGE,
    phrase: 'bulk',
    args: [{ name: 'lines', type: 'text', required: false, label: 'the rows, one per line: upn,number,site,international', rest: true }],
    summary: TEXT.summary,
    example: 'bulk alice@contoso.com,+14255550100,SeattlePSTN,block',
  },
  risk: 'user-change',
  target: 'teams',
  functions: [...new Set(BULK_STEP_OPERATIONS.flatMap((op) => op.functions))],
  usesVoicePath: true,
  targetUser: () => undefined,
  targetUsers: (params) => [...new Set(rowsOf(params).map((row) => row.user.toLowerCase()))],
  subject: (params) => englishText(TEXT.subject(Number(params.rowCount ?? 0))),
  subjectText: (params) => TEXT.subject(Number(params.rowCount ?? 0)),
  headlineText: (params) => TEXT.headline(Number(params.rowCount ?? 0)),
  readState: () => {
    throw new Error('a bulk request reads each row through its own operations');
  },
  preview: (params) => previewLines(params).map((line) => (typeof line === 'string' ? line : `# ${englishText(line)}`)).join('\n'),
  previewLines,
  compare: () => [],
  verify: () => ({ verified: false, mismatches: [] }),
};
