import { allowInternational } from '../operations/allow-international';
import { assignSite } from '../operations/assign-site';
import { blockInternational } from '../operations/block-international';
import { clearSite } from '../operations/clear-site';
import { disableVoice } from '../operations/disable-voice';
import { enableVoice } from '../operations/enable-voice';
import type { Operation, OperationParameters, VoicePath } from '../operations/operation';
import { resetInternational } from '../operations/reset-international';
import { NONE, type BulkRow, type InternationalWish } from './bulk-rows';

/** One catalog operation a row needs, with its parameters: the unit that is read, changed, read back and audited. */
export interface BulkStep {
  operation: Operation;
  params: OperationParameters;
}

/** The operations whose functions a bulk run calls; the executor's allow-list already has them through the catalog. */
export const BULK_STEP_OPERATIONS: readonly Operation[] = [enableVoice, disableVoice, assignSite, clearSite, blockInternational, allowInternational, resetInternational];

/** The operation each international value of a bulk row runs. */
export const INTERNATIONAL_OPERATIONS: Readonly<Record<InternationalWish, Operation>> = { block: blockInternational, allow: allowInternational, reset: resetInternational };

/**
 * A row as the existing single-user operations: enable (or disable) voice, assign (or clear) the site, block, allow
 * or reset international, in that order (voice first: a site or policy on a user without voice is of no use).
 */
export function stepsOf(row: BulkRow, voicePath: VoicePath): BulkStep[] {
  const steps: BulkStep[] = [];
  if (row.number === NONE) steps.push({ operation: disableVoice, params: { user: row.user, voicePath } });
  else if (row.number) steps.push({ operation: enableVoice, params: { user: row.user, number: row.number, voicePath } });
  if (row.site === NONE) steps.push({ operation: clearSite, params: { user: row.user } });
  else if (row.site) steps.push({ operation: assignSite, params: { user: row.user, site: row.site } });
  if (row.international) steps.push({ operation: INTERNATIONAL_OPERATIONS[row.international], params: { user: row.user, voicePath } });
  return steps;
}
