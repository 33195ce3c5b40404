import type { ExecutionStarter } from '../bot/execution-runner';
import { replyLines } from '../cards/reply-lines';
import type { Translator } from '../i18n/translator';
import type { Messenger } from '../bot/messenger';
import type { CommandHandler, Turn } from '../bot/turn';
import type { CardActionHandler } from '../card-actions/decide-action';
import { fieldId, operationForm } from '../cards/operation-form';
import { reasonFieldId, runbookCard, runbookText, progressOf, progressText, stepTitleText } from '../cards/runbook-view';
import { capitalised } from '../cards/operation-form';
import { argumentLabel } from '../domain/parser/parse-command';
import { msg } from '../i18n/message';
import { UserError } from '../domain/errors';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { Actor } from '../domain/requests/request';
import { subjectMessage } from '../domain/requests/request-service';
import type { RunbookDefinition } from '../domain/runbooks/runbook-definition';
import type { RunbookService, ShowOutcome } from '../domain/runbooks/runbook-service';
import { RUNBOOKS } from '../domain/runbooks/runbooks';
import { replyToFiling, type RequestChangeDeps } from './request-change-command';

/** `runbook cloud-connector [<domain>] ...`: one command per runbook, its parameters as arguments (all optional: a form asks). */
export function runbookSyntax(definition: RunbookDefinition): CommandSyntax {
  return {
    name: `runbook-${definition.name}`,
    phrase: `runbook ${definition.name}`,
    args: definition.parameters.map((p) => ({ ...p, required: false })),
    summary: `The ${definition.title} runbook: every step with its state; checks run again each time it is shown.`,
    example: `runbook ${definition.name} contoso.com`,
  };
}

export const RUNBOOK_RUN: CommandSyntax = {
  name: 'runbook-run',
  phrase: 'runbook run',
  args: [
    { name: 'runbook', type: 'displayName', required: true, label: 'the runbook (cloud-connector or exchange-oauth)' },
    { name: 'step', type: 'displayName', required: true, label: 'the step' },
    { name: 'values', type: 'text', required: false, label: 'the values the step needs', rest: true },
  ],
  summary: "File a runbook step's request with its catalog operation (approval rules apply); the step follows the request.",
  example: 'runbook run cloud-connector hybrid',
};

export const RUNBOOK_TICK: CommandSyntax = {
  name: 'runbook-tick',
  phrase: 'runbook tick',
  args: [
    { name: 'runbook', type: 'displayName', required: true, label: 'the runbook (cloud-connector or exchange-oauth)' },
    { name: 'step', type: 'displayName', required: true, label: 'the step' },
    { name: 'reason', type: 'text', required: true, label: 'why it is done (recorded in the audit trail)', rest: true },
  ],
  summary: 'Tick a manual runbook step (firewall, gateways, licences, ...) as done, with the reason for the audit trail.',
  example: 'runbook tick cloud-connector firewall ports opened, change CHG0042',
};

export const RUNBOOK_VERIFY: CommandSyntax = {
  name: 'runbook-verify',
  phrase: 'runbook verify',
  args: [{ name: 'runbook', type: 'displayName', required: true, label: 'the runbook (cloud-connector or exchange-oauth)' }],
  summary: "Run a runbook's checks and read-backs again and show it.",
  example: 'runbook verify exchange-oauth',
};

export const RUNBOOK_STATUS: CommandSyntax = {
  name: 'runbook-status',
  phrase: 'runbook status',
  aliases: ['runbooks'],
  args: [],
  summary: 'Where each runbook of this tenant stands, and its next step.',
  example: 'runbook status',
};

/** The runbook's parameters as a form, generated like an operation's (same field types, server-side validation). */
function parametersForm(t: Translator, outcome: Extract<ShowOutcome, { kind: 'needs-parameters' }>) {
  const syntax = { ...runbookSyntax(outcome.definition), args: outcome.definition.parameters };
  const errors = Object.fromEntries(
    Object.entries(outcome.errors).map(([name, problem]) => [
      name,
      problem.kind === 'required' ? t.t('form.required', { label: capitalised(t.text(argumentLabel(syntax, name))) }) : t.text(problem.text),
    ]),
  );
  return operationForm(t, { name: outcome.definition.name, syntax }, { values: outcome.values, errors, choices: {}, problem: t.t('runbook.formProblem') }, { verb: 'runbook-start', title: t.t('runbook.formTitle') });
}

async function replyWithShow(turn: Turn, outcome: ShowOutcome): Promise<void> {
  if (outcome.kind === 'needs-parameters') {
    await turn.reply(turn.t.t('runbook.formProblem'), parametersForm(turn.t, outcome));
    return;
  }
  await turn.reply(runbookText(turn.t, outcome.view), runbookCard(turn.t, outcome.view));
}

export function runbookShowCommand(definition: RunbookDefinition, runbooks: RunbookService): CommandHandler {
  return async (turn, values) => {
    const typed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
    await replyWithShow(turn, await runbooks.show(turn.actor, definition.name, typed));
  };
}

export function runbookVerifyCommand(runbooks: RunbookService): CommandHandler {
  return async (turn, values) => {
    const view = await runbooks.verify(turn.actor, String(values.runbook));
    await turn.reply(runbookText(turn.t, view), runbookCard(turn.t, view));
  };
}

export function runbookTickCommand(runbooks: RunbookService): CommandHandler {
  return async (turn, values) => {
    const view = await runbooks.tick(turn.actor, String(values.runbook), String(values.step), String(values.reason));
    await turn.reply(runbookText(turn.t, view), runbookCard(turn.t, view));
  };
}

export function runbookRunCommand(runbooks: RunbookService, deps: RequestChangeDeps): CommandHandler {
  return async (turn, values) => {
    const typed = values.values === undefined ? [] : String(values.values).split(/\s+/).filter(Boolean);
    const { outcome, operation, step, parameters } = await runbooks.fileStep(turn.actor, String(values.runbook), String(values.step), typed, turn.conversationId);
    await replyToFiling(turn, outcome, deps, turn.t.text(subjectMessage(operation, parameters)), `${step.procedureStep}. `);
  };
}

export function runbookStatusCommand(runbooks: RunbookService): CommandHandler {
  return async (turn) => {
    const lines = (await runbooks.status(turn.actor)).map(({ definition, view }) => {
      if (!view) return turn.t.t('runbook.statusNotStarted', { name: definition.name });
      const next = progressOf(view).next;
      const progress = progressText(turn.t, view);
      return next
        ? turn.t.t('runbook.statusLineWithNext', { name: definition.name, progress, procedureStep: next.definition.procedureStep, title: stepTitleText(turn.t, view, next) })
        : turn.t.t('runbook.statusLine', { name: definition.name, progress });
    });
    await turn.reply(replyLines([turn.t.t('runbook.statusHeader'), ...lines]));
  };
}

function runbookOf(data: Record<string, unknown>): string {
  const name = typeof data.runbook === 'string' ? data.runbook : '';
  if (!RUNBOOKS.some((r) => r.name === name)) throw new UserError('STALE_CARD', msg('runbook.staleRunbook'));
  return name;
}

function stepOfCard(data: Record<string, unknown>): string {
  const step = typeof data.step === 'string' ? data.step : '';
  if (!/^[a-z0-9-]{1,40}$/.test(step)) throw new UserError('STALE_CARD', msg('runbook.staleStep'));
  return step;
}

/**
 * Card actions of the runbook card and its parameters form. Only names come from the card; the rest from the store.
 * Teams waits only a few seconds for an invoke, and checks read the tenant (seconds per cmdlet on a real one), so each
 * button answers with the card as stored and, where it asked for checks, posts the verified card afterwards.
 */
export function runbookCardActions(
  runbooks: RunbookService,
  deps: RequestChangeDeps & { runner: ExecutionStarter; messenger: Messenger },
): Record<string, CardActionHandler> {
  // The verified card follows in the language of whoever clicked.
  const verifiedLater = (actor: Actor, name: string, context: { conversationId: string; t: Translator }) =>
    deps.runner.later(`verify runbook ${name}`, async () => {
      const view = await runbooks.verify(actor, name);
      await deps.messenger.send(context.conversationId, runbookText(context.t, view), runbookCard(context.t, view));
    });
  return {
    'runbook-start': async (actor: Actor, data, context) => {
      const name = typeof data.operation === 'string' ? data.operation : '';
      const definition = RUNBOOKS.find((r) => r.name === name);
      if (!definition) throw new UserError('STALE_CARD', msg('runbook.staleForm'));
      const typed: Record<string, string> = {};
      for (const p of definition.parameters) {
        const value = data[fieldId(p.name)];
        if (typeof value === 'string' && value.trim() !== '') typed[p.name] = value.trim().slice(0, 500);
      }
      const outcome = await runbooks.show(actor, name, typed, { readTenant: false });
      if (outcome.kind === 'needs-parameters') return { card: parametersForm(context.t, outcome) };
      verifiedLater(actor, name, context);
      return { card: runbookCard(context.t, outcome.view) };
    },
    'runbook-verify': async (actor, data, context) => {
      const name = runbookOf(data);
      const view = await runbooks.current(actor, name);
      verifiedLater(actor, name, context);
      return { card: runbookCard(context.t, view) };
    },
    'runbook-tick': async (actor, data, context) => {
      const step = stepOfCard(data);
      const reason = data[reasonFieldId(step)];
      return { card: runbookCard(context.t, await runbooks.tick(actor, runbookOf(data), step, typeof reason === 'string' ? reason.slice(0, 500) : '')) };
    },
    'runbook-run': async (actor, data, context) => {
      const name = runbookOf(data);
      const { outcome } = await runbooks.fileStep(actor, name, stepOfCard(data), [], context.conversationId);
      if (outcome.kind === 'filed') deps.runner.later(`post approval card of #${outcome.request.id}`, () => deps.notifier.postApprovalCard(outcome.request));
      return { card: runbookCard(context.t, await runbooks.current(actor, name)) };
    },
  };
}
