import { UserError } from '../errors';
import { msg } from '../../i18n/message';
import type { UndoPlan } from '../operations/operation';
import { stateMessage } from '../../i18n/state-message';
import type { VoiceRequest } from '../requests/request';
import { isBulk } from './bulk-change';
import type { StepRestore } from './bulk-execution';
import { INTERNATIONAL_OPERATIONS } from './bulk-steps';
import { because, NONE, type BulkRow, type InternationalWish, type InvalidRow, type ParsedRows } from './bulk-rows';

/** A bulk request whose run has ended, however it ended: the rows it changed are what `undo N` puts back. */
const FINISHED = new Set(['succeeded', 'failed']);

/**
 * `undo N` of a bulk request, as rows of a bulk file: for every row the run changed, the row that puts back what
 * each changed step replaced (enable voice with the old number or disable it, the old site or none, the old
 * international policy). The rows then go through the same checks, approval and run as a pasted file. A row whose
 * earlier state no bulk column can express is refused whole with what it was, never half-restored.
 */
export function restoringRows(original: VoiceRequest): ParsedRows {
  if (!isBulk(original)) throw new Error(`request #${original.id} is not a bulk request`);
  if (!FINISHED.has(original.state)) {
    throw new UserError('NOT_UNDOABLE', msg('error.undoBulkNotFinished', { id: original.id, state: stateMessage(original.state) }));
  }
  const changed = (original.result?.bulkRows ?? []).filter((r) => r.outcome === 'changed' || (r.restore?.length ?? 0) > 0);
  if (changed.length === 0) throw new UserError('NOT_UNDOABLE', msg('error.undoBulkNothingChanged', { id: original.id }));
  if (changed.every((r) => !r.restore)) throw new UserError('NOT_UNDOABLE', msg('error.undoNoPrior', { id: original.id }));
  const rows: BulkRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const outcome of changed) {
    // Settled after its run was interrupted: the row reads as requested, but what it replaced was not kept.
    if (!outcome.restore) {
      invalid.push({ row: outcome.row, ...because(msg('bulk.reason.noPrior', { id: original.id })) });
      continue;
    }
    const restored = restoringRow({ row: outcome.row, user: outcome.user }, outcome.restore ?? []);
    if ('missing' in restored) {
      invalid.push({ row: outcome.row, ...because(msg('bulk.reason.notRestorable', { id: original.id, before: restored.missing.map((m) => m.before).join('; ') })) });
    } else rows.push(restored);
  }
  return { rows, invalid, dataLines: changed.length };
}

function restoringRow(row: BulkRow, restore: readonly StepRestore[]): BulkRow | { missing: StepRestore[] } {
  const missing: StepRestore[] = [];
  for (const step of restore) {
    const cell = step.plan && cellOf(step.plan);
    if (cell) Object.assign(row, cell);
    else missing.push(step);
  }
  return missing.length > 0 ? { missing } : row;
}

/** The bulk column a restoring request is written as, or undefined when no column can say it. */
function cellOf(plan: UndoPlan): Partial<BulkRow> | undefined {
  const { operation, parameters } = plan;
  if (operation === 'enable-voice') return typeof parameters.number === 'string' ? { number: parameters.number } : undefined;
  if (operation === 'disable-voice') return { number: NONE };
  if (operation === 'assign-site') return { site: String(parameters.site) };
  if (operation === 'clear-site') return { site: NONE };
  const international = (Object.keys(INTERNATIONAL_OPERATIONS) as InternationalWish[]).find((wish) => INTERNATIONAL_OPERATIONS[wish].name === operation);
  return international ? { international } : undefined;
}
