import type { ExecutionStarter } from '../bot/execution-runner';
import { msg } from '../i18n/message';
import type { RequestNotifier } from '../bot/request-notifier';
import type { Turn } from '../bot/turn';
import type { CardActionResult } from '../card-actions/decide-action';
import type { ChoiceSource } from '../cards/choice-source';
import { capitalised, fieldId, operationForm, type Choice } from '../cards/operation-form';
import { argumentLabel, typedArguments } from '../domain/parser/parse-command';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { Translator } from '../i18n/translator';
import { voiceStateCard, voiceStateText } from '../cards/voice-state-view';
import { isUserError, UserError, type UserErrorCode } from '../domain/errors';
import { findOperation, OPERATIONS } from '../domain/operations/catalog';
import type { Operation, OperationParameters } from '../domain/operations/operation';
import { validateValue } from '../domain/parser/value-types';
import type { Actor } from '../domain/requests/request';
import { subjectMessage, type RequestService } from '../domain/requests/request-service';
import { alreadyRequestedText } from './request-change-command';

/** Mistakes a form can help with: something missing or malformed. An unknown command is not one. */
const FORM_CODES: readonly UserErrorCode[] = ['MISSING_ARGUMENT', 'INVALID_UPN', 'INVALID_PHONE_NUMBER', 'INVALID_DOMAIN', 'INVALID_VALUE', 'TOO_MANY_ARGUMENTS'];

/**
 * Forms for the catalog's operations: a command typed with a missing or bad value gets its form,
 * pre-filled with what was typed; a submitted form is validated on the server exactly like typed text
 * and then filed (or checked) the same way.
 */
export class OperationFormFlow {
  private readonly operations: readonly Operation[];
  private readonly syntaxes: readonly CommandSyntax[];

  constructor(
    private readonly deps: {
      requests: RequestService;
      notifier: RequestNotifier;
      runner: ExecutionStarter;
      choices: ChoiceSource;
      operations?: readonly Operation[];
    },
  ) {
    this.operations = deps.operations ?? OPERATIONS;
    this.syntaxes = this.operations.map((op) => op.syntax);
  }

  /** Called with a parse error; answers with the form and returns true when the text named an operation. */
  async offerForm(turn: Turn, text: string, error: unknown): Promise<boolean> {
    if (!isUserError(error) || !FORM_CODES.includes(error.code)) return false;
    const match = typedArguments(text, this.syntaxes);
    const operation = match && this.operations.find((op) => op.name === match.syntax.name);
    if (!match || !operation) return false;
    // Cap what is echoed back into the form; the server validates every value again anyway.
    const typed = Object.fromEntries(Object.entries(match.typed).map(([name, value]) => [name, value.slice(0, 500)]));
    const { t } = turn;
    const { errors } = validateAll(t, operation, typed);
    const choices = await this.choices(operation);
    for (const arg of operation.syntax.args) {
      const offered = choices[arg.type];
      if (!offered || !(arg.name in typed)) continue;
      // "seattlepstn" is SeattlePSTN; a value the tenant does not offer is said so, not shown as if picked.
      const picked = offered.find((c) => c.value.toLowerCase() === typed[arg.name].toLowerCase());
      if (picked) typed[arg.name] = picked.value;
      else errors[arg.name] ??= t.t('form.notOffered', { value: typed[arg.name] });
    }
    const problem = t.text(error.text);
    const card = operationForm(t, operation, { values: typed, errors, choices, problem });
    await turn.reply(t.t('form.orFillIn', { problem }), card);
    return true;
  }

  /** The form's Action.Execute (verb submit-form). Never trusts the form: every value is checked again. */
  async submit(t: Translator, actor: Actor, data: Record<string, unknown>, conversationId: string): Promise<CardActionResult> {
    const operation = findOperation(String(data.operation ?? ''));
    if (!operation) throw new UserError('STALE_CARD', msg('error.staleForm'));
    const submitted: Record<string, string> = {};
    for (const arg of operation.syntax.args) {
      const value = data[fieldId(arg.name)];
      if (typeof value === 'string' && value.trim() !== '') submitted[arg.name] = value.trim();
    }
    const { values, errors } = validateAll(t, operation, submitted);
    const choices = await this.choices(operation);
    const formAgain = (problem: string, extraErrors: Record<string, string> = {}) => ({
      card: operationForm(t, operation, { values: submitted, errors: { ...errors, ...extraErrors }, choices, problem }),
    });
    if (Object.keys(errors).length > 0) return formAgain(t.t('form.someValuesNeedFixing'));
    for (const arg of operation.syntax.args) {
      const offered = choices[arg.type];
      if (offered && arg.name in values && !offered.some((c) => c.value === String(values[arg.name]))) {
        return formAgain(t.t('form.pickOffered'), { [arg.name]: t.t('form.notOffered', { value: String(values[arg.name]) }) });
      }
    }
    try {
      return await this.run(t, actor, operation, values, conversationId);
    } catch (error) {
      if (isUserError(error) && error.code === 'TENANT_USER_NOT_FOUND') {
        const user = operation.syntax.args.find((a) => a.type === 'upn')?.name ?? 'user';
        const problem = t.text(error.text);
        return formAgain(problem, { [user]: problem });
      }
      throw error;
    }
  }

  private async run(t: Translator, actor: Actor, operation: Operation, values: OperationParameters, conversationId: string): Promise<CardActionResult> {
    // Who or what it is about: the user, or for a tenant-wide operation its own words (it has no target user).
    const subject = t.text(subjectMessage(operation, values));
    if (!operation.change) {
      const rows = await this.deps.requests.check(actor, operation, values);
      return { card: voiceStateCard(t, subject, rows, operation.preview(values)) };
    }
    const outcome = await this.deps.requests.file(actor, operation, values, conversationId);
    if (outcome.kind === 'already-done') {
      return { message: t.t('filing.nothingToDo', { lead: '', state: voiceStateText(t, subject, outcome.rows) }) };
    }
    if (outcome.kind === 'already-requested') return { message: alreadyRequestedText(t, outcome.request) };
    const { request } = outcome;
    this.deps.runner.later(`post approval card of #${request.id}`, () => this.deps.notifier.postApprovalCard(request));
    return { card: await this.deps.notifier.card(t, request, 'requester') };
  }

  private async choices(operation: Operation): Promise<Record<string, Choice[]>> {
    const found: Record<string, Choice[]> = {};
    for (const arg of operation.syntax.args) {
      const choices = await this.deps.choices.choicesFor(arg.type).catch(() => undefined);
      if (choices && choices.length > 0) found[arg.type] = choices;
    }
    return found;
  }
}

function validateAll(t: Translator, operation: Operation, raw: Record<string, string>): { values: OperationParameters; errors: Record<string, string> } {
  const values: OperationParameters = {};
  const errors: Record<string, string> = {};
  for (const arg of operation.syntax.args) {
    const typed = raw[arg.name];
    if (typed === undefined || typed === '') {
      if (arg.required) errors[arg.name] = t.t('form.required', { label: capitalised(t.text(argumentLabel(operation.syntax, arg.name))) });
      continue;
    }
    try {
      values[arg.name] = validateValue(arg.type, typed, argumentLabel(operation.syntax, arg.name));
    } catch (error) {
      if (!isUserError(error)) throw error;
      errors[arg.name] = t.text(error.text);
    }
  }
  return { values, errors };
}
