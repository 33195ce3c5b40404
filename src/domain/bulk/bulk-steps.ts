import { allowInternational } from '../operations/allow-international';
import { assignSite } from '../operations/assign-site';
import { blockInternational } from '../operations/block-international';
import { enableVoice } from '../operations/enable-voice';
import type { Operation, OperationParameters, VoicePath } from '../operations/operation';
import type { BulkRow } from './bulk-rows';

/** One catalog operation a row needs, with its parameters: the unit that is read, changed, read back and audited. */
export interface BulkStep {
  operation: Operation;
  params: OperationParameters;
}

/** The operations whose functions a bulk run calls; the executor's allow-list already has them through the catalog. */
export const BULK_STEP_OPERATIONS: readonly Operation[] = [enableVoice, assignSite, blockInternational, allowInternational];

/**
 * A row as the existing single-user operations: enable voice with the number, assign site, block or allow
 * international, in that order (voice first: a site or policy on a user without voice is of no use).
 */
export function stepsOf(row: BulkRow, voicePath: VoicePath): BulkStep[] {
  const steps: BulkStep[] = [];
  if (row.number) steps.push({ operation: enableVoice, params: { user: row.user, number: row.number, voicePath } });
  if (row.site) steps.push({ operation: assignSite, params: { user: row.user, site: row.site } });
  if (row.international) {
    const operation = row.international === 'block' ? blockInternational : allowInternational;
    steps.push({ operation, params: { user: row.user, voicePath } });
  }
  return steps;
}
