import type { RunbookStepState } from '../domain/runbooks/runbook';
import { replyLines } from './reply-lines';
import { runbookStepTitle, runbookTitle } from '../domain/runbooks/runbook-messages';
import type { RunbookStepView, RunbookView } from '../domain/runbooks/runbook-service';
import type { Translator } from '../i18n/translator';
import { renderCard, type AdaptiveCard } from './render-card';

const COLORS: Record<RunbookStepState, string> = { 'not-started': 'Default', done: 'Good', verified: 'Good', failed: 'Attention', manual: 'Warning' };

/** Steps that count: optional steps never hold a runbook back. */
export function progressOf(view: RunbookView): { finished: number; total: number; failed: number; next?: RunbookStepView } {
  const counted = view.steps.filter((s) => !s.definition.optional);
  const finished = counted.filter((s) => s.state === 'done' || s.state === 'verified').length;
  const failed = counted.filter((s) => s.state === 'failed').length;
  const next = counted.find((s) => s.state !== 'done' && s.state !== 'verified');
  return { finished, total: counted.length, failed, next };
}

export function progressText(t: Translator, view: RunbookView): string {
  const { finished, total, failed } = progressOf(view);
  if (finished === total) return t.t('runbook.complete', { total });
  return failed > 0 ? t.t('runbook.progressFailed', { finished, total, failed }) : t.t('runbook.progress', { finished, total });
}

/** The runbook's title in the reader's language. */
export function runbookTitleText(t: Translator, view: RunbookView): string {
  return t.render(runbookTitle(view.definition.name));
}

/** A step's title in the reader's language. */
export function stepTitleText(t: Translator, view: RunbookView, step: RunbookStepView): string {
  return t.render(runbookStepTitle(view.definition.name, step.definition.id));
}

function stateLine(t: Translator, step: RunbookStepView): string {
  const state = t.t(`runbook.state.${step.state}`);
  if (!step.record) return state;
  const who = step.record.actor?.name ?? t.t('runbook.checkedBy');
  return t.t('runbook.stateLine', { state, who, when: { dateTime: step.record.at } });
}

function heading(t: Translator, view: RunbookView, step: RunbookStepView): string {
  const params = { procedureStep: step.definition.procedureStep, title: stepTitleText(t, view, step) };
  return step.definition.optional === true ? t.t('runbook.headingOptional', params) : t.t('runbook.heading', params);
}

/** The runbook as text: one line per step, readable on a phone and by screen readers. */
export function runbookText(t: Translator, view: RunbookView): string {
  return replyLines([
    t.t('runbook.textHeader', { title: runbookTitleText(t, view), progress: progressText(t, view) }),
    ...view.steps.map((s) => t.t('runbook.textLine', { heading: heading(t, view, s), state: stateLine(t, s) })),
  ]);
}

/** Reason inputs are named per step, so one card can carry a tick button for each manual step. */
export function reasonFieldId(step: string): string {
  return `reason_${step.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The runbook card: every step with its state, who and when, and a button or text twin to move it on. */
export function runbookCard(t: Translator, view: RunbookView): AdaptiveCard {
  const text = runbookText(t, view);
  return renderCard('runbook-card', {
    title: runbookTitleText(t, view),
    name: view.definition.name,
    progress: progressText(t, view),
    parameters: Object.entries(view.instance.parameters).map(([name, value]) => ({ name, value })),
    steps: view.steps.map((s) => ({
      id: s.definition.id,
      runbook: view.definition.name,
      heading: heading(t, view, s),
      stateLine: stateLine(t, s),
      stateColor: COLORS[s.state],
      detail: t.text(s.detail),
      textTwin: t.t('runbook.typeIt', { command: s.textTwin }),
      canTick: s.definition.how === 'manual' && s.state !== 'done',
      canRun: s.runnable && s.state !== 'verified',
      reasonId: reasonFieldId(s.definition.id),
      reasonLabel: t.t('runbook.reasonLabel'),
      reasonPlaceholder: t.t('runbook.reasonPlaceholder'),
      tickTitle: t.t('runbook.tick'),
      runTitle: t.t('runbook.run'),
    })),
    footnote: view.checkedNow ? t.t('runbook.footnote') : t.t('runbook.footnoteStored'),
    verifyTitle: t.t('runbook.verify'),
    fallbackText: text.slice(0, 1000),
  });
}
