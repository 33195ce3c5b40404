import type { BulkPlan } from '../domain/bulk/bulk-plan';
import { fitTextToCard, omittedNote } from './fit-to-card';
import { renderCard, type AdaptiveCard } from './render-card';
import type { Translator } from '../i18n/translator';


/** The counts as one line a phone notification can show. */
export function bulkSummaryText(t: Translator, plan: BulkPlan): string {
  return t.t('bulk.summary.text', {
    rows: plan.dataLines,
    toChange: plan.toChange.length,
    alreadyDone: plan.alreadyDone.length,
    invalid: plan.invalid.length,
    duplicates: plan.duplicates.length,
  });
}

/** The summary card of a bulk check: counts, then every row left out with its row number and reason. */
export function bulkSummaryCard(t: Translator, plan: BulkPlan, requestId?: number): AdaptiveCard {
  const problems = [...plan.invalid, ...plan.duplicates]
    .sort((a, b) => a.row - b.row)
    .map((p) => t.t('bulk.summary.problemLine', { row: String(p.row), reason: p.text }))
    .join('\n');
  return renderCard('bulk-summary-card', {
    title: t.t('bulk.summary.title', { rows: plan.dataLines }),
    facts: [
      { name: t.t('bulk.summary.toChange'), value: String(plan.toChange.length) },
      { name: t.t('bulk.summary.alreadyDone'), value: String(plan.alreadyDone.length) },
      { name: t.t('bulk.summary.invalid'), value: String(plan.invalid.length) },
      { name: t.t('bulk.summary.duplicates'), value: String(plan.duplicates.length) },
    ],
    problemsHeading: t.t('bulk.summary.problemsHeading'),
    problems: problems ? fitTextToCard(problems, omittedNote(t)).text : '',
    footer: requestId === undefined ? t.t('bulk.summary.nothingToDo') : t.t('bulk.summary.filed', { id: String(requestId), count: plan.toChange.length }),
  });
}
