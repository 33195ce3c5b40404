import type { ExecutionStarter } from '../bot/execution-runner';
import type { Translator } from '../i18n/translator';
import type { Messenger } from '../bot/messenger';
import type { CommandHandler, Turn } from '../bot/turn';
import type { CardActionHandler } from '../card-actions/decide-action';
import { fieldId, operationForm } from '../cards/operation-form';
import { reasonFieldId, runbookCard, runbookText, RUNBOOK_TEXT, progressOf, progressText } from '../cards/runbook-view';
import { UserError } from '../domain/errors';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { Actor } from '../domain/requests/request';
import { subjectOf } from '../domain/requests/request-service';
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

/** The words of the runbook commands, in one place (they move to the message catalogs as a whole). */
const TEXT = {
  formTitle: 'Start the runbook',
  formProblem: 'The runbook needs these values before it starts.',
  staleRunbook: 'This card names no runbook I know; type runbook status instead.',
  staleStep: 'This card names no runbook step; type runbook status instead.',
  staleForm: 'This form names no runbook I know; type runbook status instead.',
};

/** The runbook's parameters as a form, generated like an operation's (same field types, server-side validation). */
function parametersForm(t: Translator, outcome: Extract<ShowOutcome, { kind: 'needs-parameters' }>) {
  const syntax = { ...runbookSyntax(outcome.definition), args: outcome.definition.parameters };
  return operationForm(t, { name: outcome.definition.name, syntax }, { values: outcome.values, errors: outcome.errors, choices: {}, problem: TEXT.formProblem }, { verb: 'runbook-start', title: TEXT.formTitle });
}

async function replyWithShow(turn: Turn, outcome: ShowOutcome): Promise<void> {
  if (outcome.kind === 'needs-parameters') {
    await turn.reply(TEXT.formProblem, parametersForm(turn.t, outcome));
    return;
  }
  await turn.reply(runbookText(outcome.view), runbookCard(outcome.view));
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
    await turn.reply(runbookText(view), runbookCard(view));
  };
}

export function runbookTickCommand(runbooks: RunbookService): CommandHandler {
  return async (turn, values) => {
    const view = await runbooks.tick(turn.actor, String(values.runbook), String(values.step), String(values.reason));
    await turn.reply(runbookText(view), runbookCard(view));
  };
}

export function runbookRunCommand(runbooks: RunbookService, deps: RequestChangeDeps): CommandHandler {
  return async (turn, values) => {
    const typed = values.values === undefined ? [] : String(values.values).split(/\s+/).filter(Boolean);
    const { outcome, operation, step, parameters } = await runbooks.fileStep(turn.actor, String(values.runbook), String(values.step), typed, turn.conversationId);
    await replyToFiling(turn, outcome, deps, subjectOf(operation, parameters), `${step.procedureStep}. `);
  };
}

export function runbookStatusCommand(runbooks: RunbookService): CommandHandler {
  return async (turn) => {
    const lines = (await runbooks.status(turn.actor)).map(({ definition, view }) => {
      if (!view) return RUNBOOK_TEXT.statusNotStarted(definition.name);
      const next = progressOf(view).next;
      return next
        ? RUNBOOK_TEXT.statusLineWithNext(definition.name, progressText(view), next.definition.procedureStep, next.definition.title)
        : RUNBOOK_TEXT.statusLine(definition.name, progressText(view));
    });
    await turn.reply([RUNBOOK_TEXT.statusHeader, ...lines].join('\n'));
  };
}

function runbookOf(data: Record<string, unknown>): string {
  const name = typeof data.runbook === 'string' ? data.runbook : '';
  if (!RUNBOOKS.some((r) => r.name === name)) throw new UserError('STALE_CARD', TEXT.staleRunbook);
  return name;
}

function stepOfCard(data: Record<string, unknown>): string {
  const step = typeof data.step === 'string' ? data.step : '';
  if (!/^[a-z0-9-]{1,40}$/.test(step)) throw new UserError('STALE_CARD', TEXT.staleStep);
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
  const verifiedLater = (actor: Actor, name: string, conversationId: string) =>
    deps.runner.later(`verify runbook ${name}`, async () => {
      const view = await runbooks.verify(actor, name);
      await deps.messenger.send(conversationId, runbookText(view), runbookCard(view));
    });
  return {
    'runbook-start': async (actor: Actor, data, context) => {
      const name = typeof data.operation === 'string' ? data.operation : '';
      const definition = RUNBOOKS.find((r) => r.name === name);
      if (!definition) throw new UserError('STALE_CARD', TEXT.staleForm);
      const typed: Record<string, string> = {};
      for (const p of definition.parameters) {
        const value = data[fieldId(p.name)];
        if (typeof value === 'string' && value.trim() !== '') typed[p.name] = value.trim().slice(0, 500);
      }
      const outcome = await runbooks.show(actor, name, typed, { readTenant: false });
      if (outcome.kind === 'needs-parameters') return { card: parametersForm(context.t, outcome) };
      verifiedLater(actor, name, context.conversationId);
      return { card: runbookCard(outcome.view) };
    },
    'runbook-verify': async (actor, data, context) => {
      const name = runbookOf(data);
      const view = await runbooks.current(actor, name);
      verifiedLater(actor, name, context.conversationId);
      return { card: runbookCard(view) };
    },
    'runbook-tick': async (actor, data) => {
      const step = stepOfCard(data);
      const reason = data[reasonFieldId(step)];
      return { card: runbookCard(await runbooks.tick(actor, runbookOf(data), step, typeof reason === 'string' ? reason.slice(0, 500) : '')) };
    },
    'runbook-run': async (actor, data, context) => {
      const name = runbookOf(data);
      const { outcome } = await runbooks.fileStep(actor, name, stepOfCard(data), [], context.conversationId);
      if (outcome.kind === 'filed') deps.runner.later(`post approval card of #${outcome.request.id}`, () => deps.notifier.postApprovalCard(outcome.request));
      return { card: runbookCard(await runbooks.current(actor, name)) };
    },
  };
}
