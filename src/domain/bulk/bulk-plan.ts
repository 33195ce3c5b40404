import type { Executor } from '../../ports/executor';
import { msg, type Message } from '../../i18n/message';
import type { StateRow, VoicePath } from '../operations/operation';
import type { RowsSeen } from './bulk-change';
import { because, NONE, type BulkRow, type InvalidRow, type ParsedRows } from './bulk-rows';
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

/** Why the plan leaves a row out (bulk.reason.* in the catalogs); row lists are numbers, the same in every language. */
export const PLAN_REASONS = {
  repeatOf: (first: number) => msg('bulk.reason.repeatOf', { first: String(first) }),
  userConflict: (others: number[]) => msg('bulk.reason.userConflict', { others: others.join(', ') }),
  numberConflict: (others: number[]) => msg('bulk.reason.numberConflict', { others: others.join(', ') }),
  noSuchUser: (user: string) => msg('bulk.reason.noSuchUser', { user }),
  unreadable: (message: string) => msg('bulk.reason.unreadable', { message }),
};

/** For each row to change, the current value of every property it changes: what the approvers approve it from. */
export function rowsSeen(checked: readonly CheckedRow[]): RowsSeen {
  return Object.fromEntries(
    checked.map(({ row, changes }) => [String(row.row), Object.fromEntries(changes.filter((c) => !c.label).map((c) => [c.property, c.current]))]),
  );
}

/** Pure: drops exact repeats and refuses rows that contradict each other (same user or same number twice). */
export function separateConflicts(parsed: ParsedRows): { rows: BulkRow[]; invalid: InvalidRow[]; duplicates: InvalidRow[] } {
  const duplicates: InvalidRow[] = [];
  const byUser = new Map<string, BulkRow[]>();
  for (const row of parsed.rows) {
    const same = byUser.get(row.user) ?? [];
    const repeat = same.find((earlier) => sameWish(earlier, row));
    if (repeat) duplicates.push({ row: row.row, ...because(PLAN_REASONS.repeatOf(repeat.row)) });
    else byUser.set(row.user, [...same, row]);
  }
  const conflicts = new Map<number, Message>();
  for (const rows of byUser.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) conflicts.set(row.row, PLAN_REASONS.userConflict(rows.filter((r) => r !== row).map((r) => r.row)));
  }
  const byNumber = new Map<string, BulkRow[]>();
  for (const rows of byUser.values()) {
    for (const row of rows) if (row.number && row.number !== NONE) byNumber.set(row.number, [...(byNumber.get(row.number) ?? []), row]);
  }
  for (const rows of byNumber.values()) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      if (!conflicts.has(row.row)) conflicts.set(row.row, PLAN_REASONS.numberConflict(rows.filter((r) => r !== row).map((r) => r.row)));
    }
  }
  const kept = [...byUser.values()].flat().filter((row) => !conflicts.has(row.row));
  const invalid = [...parsed.invalid, ...[...conflicts].map(([row, text]) => ({ row, ...because(text) }))];
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
    if (outcome.kind === 'invalid') plan.invalid.push({ row: rows[index].row, ...because(outcome.reason) });
    else if (outcome.kind === 'done') plan.alreadyDone.push(rows[index]);
    else plan.toChange.push({ row: rows[index], changes: outcome.changes });
  });
  plan.invalid.sort(byRow);
  return plan;
}

type RowCheck = { kind: 'invalid'; reason: Message | string } | { kind: 'done' } | { kind: 'change'; changes: StateRow[] };

async function checkRow(row: BulkRow, executor: Executor, voicePath: VoicePath): Promise<RowCheck> {
  const changes: StateRow[] = [];
  for (const { operation, params } of stepsOf(row, voicePath)) {
    const read = await executor.invoke((operation.filingRead ?? operation.readState)(params));
    if (!read.ok) {
      return { kind: 'invalid', reason: read.error.kind === 'NotFound' ? PLAN_REASONS.noSuchUser(row.user) : PLAN_REASONS.unreadable(read.error.message) };
    }
    try {
      if (operation.verify(read.output, params).verified) continue;
      const refusal = operation.validate?.(read.output, params);
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
