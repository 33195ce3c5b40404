import type { RunbookStepState } from '../domain/runbooks/runbook';
import type { RunbookStepView, RunbookView } from '../domain/runbooks/runbook-service';
import { renderCard, type AdaptiveCard } from './render-card';

/** The words of runbook cards and answers, in one place (they move to the message catalogs as a whole). */
export const RUNBOOK_TEXT = {
  states: {
    'not-started': 'not started',
    done: 'done',
    verified: 'verified',
    failed: 'failed',
    manual: 'manual, not ticked yet',
  } satisfies Record<RunbookStepState, string>,
  stateLine: (state: string, who: string, when: string) => `${state}, by ${who} at ${when}`,
  stateOnly: (state: string) => state,
  heading: (procedureStep: string, title: string, optional: boolean) => (optional ? `${procedureStep}. ${title} (optional)` : `${procedureStep}. ${title}`),
  checkedBy: 'a check',
  progress: (finished: number, total: number, failed: number) =>
    failed > 0 ? `${finished} of ${total} steps done or verified; ${failed} failed.` : `${finished} of ${total} steps done or verified.`,
  complete: (total: number) => `All ${total} steps are done or verified.`,
  footnote: 'Checks and read-backs ran just now. Bot steps are requests like any other: approval rules apply.',
  footnoteStored: 'As recorded; the checks and read-backs are running and a verified card follows in a moment. Bot steps are requests like any other: approval rules apply.',
  reasonLabel: 'Why is it done? (recorded in the audit trail)',
  reasonPlaceholder: 'e.g. ports 5061 and 443 opened, change CHG0042',
  tick: 'Tick as done',
  run: 'Ask for this step',
  verify: 'Verify now',
  typeIt: (command: string) => `Or type: ${command}`,
  textLine: (heading: string, state: string) => `- ${heading}: ${state}`,
  textHeader: (title: string, progress: string) => `${title}. ${progress}`,
  statusNotStarted: (name: string) => `${name}: not started (type runbook ${name} to start it).`,
  statusLine: (name: string, progress: string) => `${name}: ${progress}`,
  statusLineWithNext: (name: string, progress: string, procedureStep: string, title: string) => `${name}: ${progress} Next: ${procedureStep}. ${title}.`,
  statusHeader: 'Runbooks of this tenant:',
};

const COLORS: Record<RunbookStepState, string> = { 'not-started': 'Default', done: 'Good', verified: 'Good', failed: 'Attention', manual: 'Warning' };

/** Steps that count: optional steps never hold a runbook back. */
export function progressOf(view: RunbookView): { finished: number; total: number; failed: number; next?: RunbookStepView } {
  const counted = view.steps.filter((s) => !s.definition.optional);
  const finished = counted.filter((s) => s.state === 'done' || s.state === 'verified').length;
  const failed = counted.filter((s) => s.state === 'failed').length;
  const next = counted.find((s) => s.state !== 'done' && s.state !== 'verified');
  return { finished, total: counted.length, failed, next };
}

export function progressText(view: RunbookView): string {
  const { finished, total, failed } = progressOf(view);
  return finished === total ? RUNBOOK_TEXT.complete(total) : RUNBOOK_TEXT.progress(finished, total, failed);
}

function stateLine(step: RunbookStepView): string {
  const state = RUNBOOK_TEXT.states[step.state];
  if (!step.record) return RUNBOOK_TEXT.stateOnly(state);
  const who = step.record.actor?.name ?? RUNBOOK_TEXT.checkedBy;
  return RUNBOOK_TEXT.stateLine(state, who, `${step.record.at.slice(0, 16).replace('T', ' ')} UTC`);
}

function heading(step: RunbookStepView): string {
  return RUNBOOK_TEXT.heading(step.definition.procedureStep, step.definition.title, step.definition.optional === true);
}

/** The runbook as text: one line per step, readable on a phone and by screen readers. */
export function runbookText(view: RunbookView): string {
  return [RUNBOOK_TEXT.textHeader(view.definition.title, progressText(view)), ...view.steps.map((s) => RUNBOOK_TEXT.textLine(heading(s), stateLine(s)))].join('\n');
}

/** Reason inputs are named per step, so one card can carry a tick button for each manual step. */
export function reasonFieldId(step: string): string {
  return `reason_${step.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** The runbook card: every step with its state, who and when, and a button or text twin to move it on. */
export function runbookCard(view: RunbookView): AdaptiveCard {
  const text = runbookText(view);
  return renderCard('runbook-card', {
    title: view.definition.title,
    name: view.definition.name,
    progress: progressText(view),
    parameters: Object.entries(view.instance.parameters).map(([name, value]) => ({ name, value })),
    steps: view.steps.map((s) => ({
      id: s.definition.id,
      runbook: view.definition.name,
      heading: heading(s),
      stateLine: stateLine(s),
      stateColor: COLORS[s.state],
      detail: s.detail,
      textTwin: RUNBOOK_TEXT.typeIt(s.textTwin),
      canTick: s.definition.how === 'manual' && s.state !== 'done',
      canRun: s.runnable && s.state !== 'verified',
      reasonId: reasonFieldId(s.definition.id),
      reasonLabel: RUNBOOK_TEXT.reasonLabel,
      reasonPlaceholder: RUNBOOK_TEXT.reasonPlaceholder,
      tickTitle: RUNBOOK_TEXT.tick,
      runTitle: RUNBOOK_TEXT.run,
    })),
    footnote: view.checkedNow ? RUNBOOK_TEXT.footnote : RUNBOOK_TEXT.footnoteStored,
    verifyTitle: RUNBOOK_TEXT.verify,
    fallbackText: text.slice(0, 1000),
  });
}
