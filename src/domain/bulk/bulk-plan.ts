import type { Executor } from '../../ports/executor';
import { englishText } from '../../i18n/translator';
import type { StateRow, VoicePath } from '../operations/operation';
import type { BulkRow, InvalidRow, ParsedRows } from './bulk-rows';
import { stepsOf } from './bulk-steps';
import { mapBounded } from './map-bounded';

/** A valid row with what the tenant shows now against what the row asks for. */
export interface CheckedRow {
  row: BulkRow;
  changes: StateRow[];
}

/** What validation found, before anyone approves: the rows to change and why the others are left out. */
export interface BulkPlan {
  dataLines: number;
  toChange: CheckedRow[];
  /** Valid rows the tenant already shows in the wanted state: no change needed. */
  alreadyDone: BulkRow[];
  /** Refused rows: bad values, conflicts with other rows, or the tenant refuses them (no such user, unknown site). */
  invalid: InvalidRow[];
  /** Exact repeats of an earlier row, ignored. */
  duplicates: InvalidRow[];
}

export const PLAN_REASONS = {
  repeatOf: (first: number) => `the same row as row ${first}; ignored`,
  userConflict: (others: number[]) => `the same user is on row ${others.join(', ')} with different settings; fix the file so each user appears once`,
  numberConflict: (others: number[]) => `the same number is on row ${others.join(', ')} for another user`,
  noSuchUser: (user: string) => `the tenant has no user ${user}`,
  unreadable: (message: string) => `could not read the user from the tenant: ${message}`,
};

/** Pure: drops exact repeats and refuses rows that contradict each other (same user or same number twice). */
export function separateConflicts(parsed: ParsedRows): { rows: BulkRow[]; invalid: InvalidRow[]; duplicates: InvalidRow[] } {
  const duplicates: InvalidRow[] = [];
  const byUser = new Map<string, BulkRow[]>();
  for (const row of parsed.rows) {
    const same = byUser.get(row.user) ?? [];
    const repeat = same.find((earlier) => sameWish(earlier, row));
    if (repeat) duplicates.push({ row: row.row, reason: PLAN_REASONS.repeatOf(repeat.row) });
    else byUser.set(row.user, [...same, row]);
  }
  const conflicts = new Map<number, string>();
  for (const rows of byUser.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) conflicts.set(row.row, PLAN_REASONS.userConflict(rows.filter((r) => r !== row).map((r) => r.row)));
  }
  const byNumber = new Map<string, BulkRow[]>();
  for (const rows of byUser.values()) {
    for (const row of rows) if (row.number) byNumber.set(row.number, [...(byNumber.get(row.number) ?? []), row]);
  }
  for (const rows of byNumber.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      if (!conflicts.has(row.row)) conflicts.set(row.row, PLAN_REASONS.numberConflict(rows.filter((r) => r !== row).map((r) => r.row)));
    }
  }
  const kept = [...byUser.values()].flat().filter((row) => !conflicts.has(row.row));
  const invalid = [...parsed.invalid, ...[...conflicts].map(([row, reason]) => ({ row, reason }))];
  return { rows: kept.sort(byRow), invalid: invalid.sort(byRow), duplicates };
}

/**
 * Validates every row, then reads each remaining row's user from the tenant (read-only, across the pool) to tell
 * rows that need a change from rows already in the wanted state and rows the tenant would refuse.
 */
export async function planBulk(parsed: ParsedRows, executor: Executor, options: { concurrency: number; voicePath: VoicePath }): Promise<BulkPlan> {
  const { rows, invalid, duplicates } = separateConflicts(parsed);
  const checked = await mapBounded(rows, options.concurrency, (row) => checkRow(row, executor, options.voicePath));
  const plan: BulkPlan = { dataLines: parsed.dataLines, toChange: [], alreadyDone: [], invalid: [...invalid], duplicates };
  checked.forEach((outcome, index) => {
    if (outcome.kind === 'invalid') plan.invalid.push({ row: rows[index].row, reason: outcome.reason });
    else if (outcome.kind === 'done') plan.alreadyDone.push(rows[index]);
    else plan.toChange.push({ row: rows[index], changes: outcome.changes });
  });
  plan.invalid.sort(byRow);
  return plan;
}

type RowCheck = { kind: 'invalid'; reason: string } | { kind: 'done' } | { kind: 'change'; changes: StateRow[] };

async function checkRow(row: BulkRow, executor: Executor, voicePath: VoicePath): Promise<RowCheck> {
  const changes: StateRow[] = [];
  for (const { operation, params } of stepsOf(row, voicePath)) {
    const read = await executor.invoke(operation.readState(params));
    if (!read.ok) {
      return { kind: 'invalid', reason: read.error.kind === 'NotFound' ? PLAN_REASONS.noSuchUser(row.user) : PLAN_REASONS.unreadable(read.error.message) };
    }
    try {
      if (operation.verify(read.output, params).verified) continue;
      const invalid = operation.validate?.(read.output, params);
      // Bulk outcomes are English for now (docs/localisation.md).
      const refusal = typeof invalid === 'object' ? englishText(invalid) : invalid;
      if (refusal) return { kind: 'invalid', reason: refusal };
      changes.push(...operation.compare(read.output, params).filter((r) => r.current !== r.proposed));
    } catch (error) {
      return { kind: 'invalid', reason: PLAN_REASONS.unreadable(error instanceof Error ? error.message : String(error)) };
    }
  }
  return changes.length === 0 ? { kind: 'done' } : { kind: 'change', changes };
}

function sameWish(a: BulkRow, b: BulkRow): boolean {
  return a.number === b.number && a.site === b.site && a.international === b.international;
}

function byRow(a: { row: number }, b: { row: number }): number {
  return a.row - b.row;
}
