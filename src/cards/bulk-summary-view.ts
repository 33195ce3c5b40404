import type { BulkPlan } from '../domain/bulk/bulk-plan';
import { fitTextToCard } from './fit-to-card';
import { renderCard, type AdaptiveCard } from './render-card';

export const SUMMARY_TEXT = {
  title: (rows: number) => `Bulk check: ${rows} rows`,
  toChange: 'Valid, will change',
  alreadyDone: 'Already in the wanted state (no change needed)',
  invalid: 'Invalid',
  duplicates: 'Duplicates (ignored)',
  problemsHeading: 'Rows left out',
  problemLine: (row: number, reason: string) => `Row ${row}: ${reason}`,
  filed: (id: number, count: number) => `Request #${id} covers the ${count} valid rows; one approval runs them all.`,
  nothingToDo: 'No row needs a change, so no request was filed.',
  text: (p: { rows: number; toChange: number; alreadyDone: number; invalid: number; duplicates: number }) =>
    `Checked ${p.rows} rows: ${p.toChange} valid and to change, ${p.alreadyDone} already in the wanted state, ${p.invalid} invalid, ${p.duplicates} duplicates.`,
};

/** The counts as one line a phone notification can show. */
export function bulkSummaryText(plan: BulkPlan): string {
  return SUMMARY_TEXT.text({
    rows: plan.dataLines,
    toChange: plan.toChange.length,
    alreadyDone: plan.alreadyDone.length,
    invalid: plan.invalid.length,
    duplicates: plan.duplicates.length,
  });
}

/** The summary card of a bulk check: counts, then every row left out with its row number and reason. */
export function bulkSummaryCard(plan: BulkPlan, requestId?: number): AdaptiveCard {
  const problems = [...plan.invalid, ...plan.duplicates]
    .sort((a, b) => a.row - b.row)
    .map((p) => SUMMARY_TEXT.problemLine(p.row, p.reason))
    .join('\n');
  return renderCard('bulk-summary-card', {
    title: SUMMARY_TEXT.title(plan.dataLines),
    facts: [
      { name: SUMMARY_TEXT.toChange, value: String(plan.toChange.length) },
      { name: SUMMARY_TEXT.alreadyDone, value: String(plan.alreadyDone.length) },
      { name: SUMMARY_TEXT.invalid, value: String(plan.invalid.length) },
      { name: SUMMARY_TEXT.duplicates, value: String(plan.duplicates.length) },
    ],
    problemsHeading: SUMMARY_TEXT.problemsHeading,
    problems: problems ? fitTextToCard(problems).text : '',
    footer: requestId === undefined ? SUMMARY_TEXT.nothingToDo : SUMMARY_TEXT.filed(requestId, plan.toChange.length),
  });
}
