import type { Executor } from '../../ports/executor';
import type { Store } from '../../ports/store';
import type { AuditEntry } from '../audit/audit-record';
import { isUserError, UserError } from '../errors';
import { englishText } from '../../i18n/translator';
import type { Message } from '../../i18n/message';
import { argumentLabel } from '../parser/parse-command';
import { findOperation } from '../operations/catalog';
import { withTenantSettings, type Operation, type OperationParameters, type VoicePath } from '../operations/operation';
import { validateValue } from '../parser/value-types';
import type { ArgumentSpec } from '../parser/command-syntax';
import type { ApprovalPolicy } from '../policy/approval-policy';
import type { Actor, VoiceRequest } from '../requests/request';
import type { FileOutcome, RequestService } from '../requests/request-service';
import type { RunbookInstance, RunbookStepRecord, RunbookStepState } from './runbook';
import { type RunbookCheck, type RunbookDefinition, type RunbookStepDefinition, stepOf } from './runbook-definition';
import { RUNBOOK_MESSAGES as M } from './runbook-messages';
import { findRunbook, RUNBOOKS } from './runbooks';
import { RESULT_MESSAGES, recogniseStoredEnglish } from '../../i18n/stored-english';

/** The answer of a read-only check a runbook step is verified with. */
export interface CheckAnswer {
  ok: boolean;
  /** One sentence saying what was found, rendered in each reader's language. */
  summary: Message;
}

/** The read-only checks, injected so the domain stays free of DNS and Graph clients. */
export type RunbookChecks = Record<RunbookCheck, (parameters: Record<string, string>) => Promise<CheckAnswer>>;

/** Which runbook parameters each check needs. */
const CHECK_NEEDS: Record<RunbookCheck, string[]> = { dns: ['domain', 'edge'], license: ['user'], oauth: [] };

/** One step as the card and the text show it. */
export interface RunbookStepView {
  definition: RunbookStepDefinition;
  state: RunbookStepState;
  record: RunbookStepRecord | undefined;
  /** What the last check or request found, or what the step still needs (a ticked step's reason is shown as typed). */
  detail: Message | string;
  /** The typed command that files this step's request, or ticks it. */
  textTwin: string;
  /** Whether the card's button can file the request with what the runbook already holds. */
  runnable: boolean;
}

export interface RunbookView {
  definition: RunbookDefinition;
  instance: RunbookInstance;
  steps: RunbookStepView[];
  /** Whether checks and read-backs ran for this view, or it shows what the store holds. */
  checkedNow: boolean;
}

export type ShowOutcome =
  | { kind: 'shown'; view: RunbookView }
  /** The runbook has not been started and a required parameter is missing: ask with a form. */
  | { kind: 'needs-parameters'; definition: RunbookDefinition; values: Record<string, string>; errors: Record<string, ParameterProblem> };

/** Why a runbook parameter is refused: missing (the form says "<label> is required."), or the value's own error. */
export type ParameterProblem = { kind: 'required' } | { kind: 'invalid'; text: Message | string };

export interface RunbookServiceDeps {
  store: Store;
  requests: RequestService;
  executor: Executor;
  policy: ApprovalPolicy;
  checks: RunbookChecks;
  tenantId: string;
  voicePath?: VoicePath;
  now?: () => Date;
}

/** The executor and the checks act as the bot itself in the runbook's records. */
const BOT: Actor = { objectId: 'voiceops-runbooks', name: 'voiceops' };

/**
 * The two procedures as per-tenant runbooks: their progress is stored, bot steps are ordinary requests, manual steps are
 * ticked with a reason, and checkable steps are verified every time the runbook is shown.
 */
export class RunbookService {
  private readonly now: () => Date;

  constructor(private readonly deps: RunbookServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** `runbook <name> [name=value ...]`: starts the runbook (or sets its parameters), verifies what can be checked, shows it. */
  async show(actor: Actor, name: string, typed: Record<string, string> = {}, options: { readTenant: boolean } = { readTenant: true }): Promise<ShowOutcome> {
    const definition = this.definition(name);
    await this.assertMayUse(actor, definition);
    const existing = await this.deps.store.getRunbook(this.deps.tenantId, definition.name);
    const { values, errors } = validateParameters(definition, { ...(existing?.parameters ?? {}), ...typed });
    if (Object.keys(errors).length > 0) return { kind: 'needs-parameters', definition, values: { ...(existing?.parameters ?? {}), ...typed }, errors };
    let instance = existing;
    if (!instance || Object.keys(typed).length > 0) {
      instance = await this.deps.store.saveRunbook(
        // Stored as given: defaults (ap.<domain>) are derived when read, so they follow a changed domain.
        { tenantId: this.deps.tenantId, name: definition.name, parameters: values, startedBy: actor },
        this.audit(actor, definition.name, 'RunbookStarted', { parameters: values }, null),
      );
    }
    return { kind: 'shown', view: await this.refresh(definition, instance, options) };
  }

  /** `runbook verify <name>`: runs every check of a started runbook again and shows it. */
  async verify(actor: Actor, name: string): Promise<RunbookView> {
    const definition = this.definition(name);
    await this.assertMayUse(actor, definition);
    return this.refresh(definition, await this.started(definition));
  }

  /**
   * `runbook status`: every runbook of the tenant as recorded (finished requests settled, no tenant reads, so it answers
   * quickly from a phone). Runbooks never started are listed as such.
   */
  async status(actor: Actor): Promise<{ definition: RunbookDefinition; view?: RunbookView }[]> {
    const found = [];
    for (const definition of RUNBOOKS) {
      await this.assertMayUse(actor, definition);
      const instance = await this.deps.store.getRunbook(this.deps.tenantId, definition.name);
      found.push({ definition, view: instance ? await this.refresh(definition, instance, { readTenant: false }) : undefined });
    }
    return found;
  }

  /** `runbook tick <name> <step> <reason>`: an admin records a manual step as done; the reason goes to the audit trail. */
  async tick(actor: Actor, name: string, stepId: string, reason: string): Promise<RunbookView> {
    const definition = this.definition(name);
    await this.assertMayUse(actor, definition);
    const instance = await this.started(definition);
    const step = this.step(definition, stepId);
    if (step.how !== 'manual') throw new UserError('INVALID_VALUE', step.how === 'bot' ? M.notManualBot(definition.name, step.id) : M.notManualCheck(definition.name, step.id));
    const why = reason.trim();
    if (!why) throw new UserError('MISSING_ARGUMENT', M.reasonRequired(definition.name, step.id));
    await this.record(instance, { step: step.id, state: 'done', actor, at: this.now().toISOString(), requestId: null, note: why.slice(0, 500) }, actor);
    return this.refresh(definition, (await this.deps.store.getRunbook(this.deps.tenantId, definition.name)) as RunbookInstance, { readTenant: false });
  }

  /**
   * The runbook as stored, with finished requests settled but no check or read-back run: quick enough for a card
   * button's answer, which Teams waits for only a few seconds.
   */
  async current(actor: Actor, name: string): Promise<RunbookView> {
    const definition = this.definition(name);
    await this.assertMayUse(actor, definition);
    return this.refresh(definition, await this.started(definition), { readTenant: false });
  }

  /**
   * `runbook run <name> <step> [values]`: files the step's request with the catalog operation, exactly as the
   * operation's own command would (approval rules apply), and links it to the step.
   */
  async fileStep(actor: Actor, name: string, stepId: string, typed: string[], conversationId: string): Promise<{ outcome: FileOutcome; operation: Operation; step: RunbookStepDefinition; parameters: OperationParameters }> {
    const definition = this.definition(name);
    const instance = await this.started(definition);
    const step = this.step(definition, stepId);
    const operation = step.how === 'bot' && step.operation ? findOperation(step.operation) : undefined;
    if (!operation || !step.parameters) throw new UserError('INVALID_VALUE', step.how === 'manual' ? M.notBotManual(definition.name, step.id) : M.notBotCheck(definition.name, step.id));
    const parameters = this.stepParameters(definition, step, operation, instance, typed);
    const outcome = await this.deps.requests.file(actor, operation, parameters, conversationId);
    const at = this.now().toISOString();
    // A request for the same change that is already open (filed from chat, say) is the step's request from now on.
    if (outcome.kind !== 'already-done') {
      await this.record(instance, { step: step.id, state: 'not-started', actor, at, requestId: outcome.request.id, ...noted(M.requestFiled(outcome.request.id)) }, actor);
    } else {
      await this.record(instance, { step: step.id, state: 'verified', actor, at, requestId: null, ...noted(M.alreadyInPlace) }, actor);
    }
    return { outcome, operation, step, parameters };
  }

  /** Called when a request reaches a final state: the runbook step it was filed for follows it. */
  async requestFinished(request: VoiceRequest): Promise<void> {
    const link = await this.deps.store.runbookStepOfRequest(request.id);
    if (!link || link.tenantId !== this.deps.tenantId) return;
    const instance = await this.deps.store.getRunbook(link.tenantId, link.name);
    const current = instance?.steps.find((s) => s.step === link.step);
    if (!instance || current?.requestId !== request.id) return;
    const settled = settledByRequest(request);
    if (settled && (settled.state !== current.state || settled.note !== current.note)) {
      await this.record(instance, { ...current, ...settled, at: this.now().toISOString() }, BOT);
    }
  }

  /** Settles finished requests, runs the checks (unless told not to read the tenant), and records every step whose state changed. */
  private async refresh(definition: RunbookDefinition, stored: RunbookInstance, options: { readTenant: boolean } = { readTenant: true }): Promise<RunbookView> {
    const instance = withDefaults(definition, stored);
    const steps: RunbookStepView[] = [];
    for (const step of definition.steps) {
      let record = instance.steps.find((s) => s.step === step.id);
      const found = await this.observe(step, instance, record, options.readTenant);
      if (found && (found.state !== record?.state || found.note !== record?.note)) {
        record = { step: step.id, actor: found.actor ?? BOT, requestId: record?.requestId ?? null, ...found, at: this.now().toISOString() } as RunbookStepRecord;
        await this.record(instance, record, BOT);
      }
      steps.push(this.viewOf(definition, step, instance, record));
    }
    const fresh = (await this.deps.store.getRunbook(this.deps.tenantId, definition.name)) as RunbookInstance;
    return { definition, instance: withDefaults(definition, fresh), steps, checkedNow: options.readTenant };
  }

  /** What the tenant shows of a step now, or undefined when nothing can be observed. */
  private async observe(
    step: RunbookStepDefinition,
    instance: RunbookInstance,
    record: RunbookStepRecord | undefined,
    readTenant: boolean,
  ): Promise<{ state: RunbookStepState; note: string | null; text?: Message; actor?: Actor | null } | undefined> {
    if (step.how === 'check' && step.check) {
      if (!readTenant) return undefined;
      const missing = CHECK_NEEDS[step.check].filter((p) => !instance.parameters[p]);
      if (missing.length > 0) return undefined;
      const answer = await this.deps.checks[step.check](instance.parameters).catch((error: unknown) => ({ ok: false, summary: M.checkFailed(String((error as Error)?.message ?? error)) }));
      return { state: answer.ok ? 'verified' : 'failed', ...noted(answer.summary), actor: null };
    }
    if (step.how !== 'bot') return undefined;
    let settled: ReturnType<typeof settledByRequest>;
    if (record?.requestId) {
      const request = await this.deps.store.getRequest(record.requestId);
      settled = request && settledByRequest(request);
      if (!settled) return undefined;
      if (settled.state !== 'verified') return { ...settled, actor: record.actor };
    }
    const stillVerified = settled && record?.state === 'verified' ? { ...settled, actor: record.actor } : undefined;
    if (!readTenant) return stillVerified;
    // In place or not, whoever did it or undid it: the operation's own read-back says so.
    const inPlace = await this.readBack(step, instance);
    if (inPlace === undefined) return stillVerified;
    if (inPlace) return stillVerified ?? { state: 'verified', ...(record?.requestId ? { note: record.note, text: record.text } : noted(M.foundInPlace)), actor: record?.actor ?? null };
    // A verified step no longer in place (undone, or changed by hand) is to be done again.
    return record?.state === 'verified' ? { state: 'not-started', ...noted(M.noLongerInPlace), actor: null } : undefined;
  }

  /** Whether the step's change is in place now, by its operation's read-back; undefined when that cannot be read. */
  private async readBack(step: RunbookStepDefinition, instance: RunbookInstance): Promise<boolean | undefined> {
    const operation = step.operation ? findOperation(step.operation) : undefined;
    const parameters = operation && this.knownParameters(step, operation, instance);
    if (!operation || !parameters) return undefined;
    const withSettings = withTenantSettings(operation, parameters, this.deps.voicePath);
    const read = await this.deps.executor.invoke(operation.readState(withSettings));
    if (!read.ok) return undefined;
    try {
      return operation.verify(read.output, withSettings).verified;
    } catch {
      return undefined;
    }
  }

  /** The operation's parameters when the runbook (or the step's earlier request) holds all of them. */
  private knownParameters(step: RunbookStepDefinition, operation: Operation, instance: RunbookInstance): OperationParameters | undefined {
    if ((step.typedArgs ?? []).length > 0 || !step.parameters) return undefined;
    const parameters = dropEmpty(step.parameters(instance.parameters, {}));
    const complete = operation.syntax.args.every((a) => !a.required || parameters[a.name] !== undefined);
    return complete ? parameters : undefined;
  }

  private stepParameters(definition: RunbookDefinition, step: RunbookStepDefinition, operation: Operation, instance: RunbookInstance, typed: string[]): OperationParameters {
    const typedArgs = step.typedArgs ?? [];
    if (typed.length > typedArgs.length) throw new UserError('TOO_MANY_ARGUMENTS', M.tooManyValues(runText(definition, step)));
    const values: OperationParameters = {};
    typedArgs.forEach((arg, i) => {
      if (typed[i] === undefined) {
        if (arg.required) throw new UserError('MISSING_ARGUMENT', M.missingValue(stepArgumentLabel(operation, arg.name), runText(definition, step)));
        return;
      }
      values[arg.name] = validateValue(arg.type, typed[i], stepArgumentLabel(operation, arg.name));
    });
    const parameters = dropEmpty((step.parameters as NonNullable<RunbookStepDefinition['parameters']>)(instance.parameters, values));
    const missing = operation.syntax.args.filter((a) => a.required && parameters[a.name] === undefined);
    if (missing.length > 0) {
      const names = missing.map((a) => a.name);
      throw new UserError('MISSING_ARGUMENT', M.missingRunbookParameter(definition.name, step.id, names.join(', '), names.map((n) => `${n}=…`).join(' ')));
    }
    return parameters;
  }

  private viewOf(definition: RunbookDefinition, step: RunbookStepDefinition, instance: RunbookInstance, record: RunbookStepRecord | undefined): RunbookStepView {
    const state: RunbookStepState = record?.state ?? (step.how === 'manual' ? 'manual' : 'not-started');
    let detail: Message | string = record?.text ?? record?.note ?? '';
    if (step.how === 'check' && step.check && !record) {
      const missing = CHECK_NEEDS[step.check].filter((p) => !instance.parameters[p]);
      if (missing.length > 0) detail = M.checkNeeds(missing.join(', '), definition.name);
    }
    const operation = step.operation ? findOperation(step.operation) : undefined;
    const runnable = step.how === 'bot' && !!operation && (step.typedArgs ?? []).length === 0 && !!this.knownParameters(step, operation, instance);
    const textTwin = step.how === 'manual' ? M.tickText(definition.name, step.id) : step.how === 'bot' ? runText(definition, step) : M.verifyText(definition.name);
    return { definition: step, state, record, detail, textTwin, runnable };
  }

  private async record(instance: RunbookInstance, record: RunbookStepRecord, actor: Actor): Promise<void> {
    await this.withAudit(() =>
      this.deps.store.recordRunbookStep(
        instance.tenantId,
        instance.name,
        record,
        this.audit(actor, instance.name, 'RunbookStepRecorded', { step: record.step, state: record.state, note: record.note }, record.requestId),
      ),
    );
  }

  private audit(actor: Actor, runbook: string, operation: 'RunbookStarted' | 'RunbookStepRecorded', extra: Record<string, unknown>, requestId: number | null): AuditEntry {
    return {
      operation,
      userId: actor.name,
      actorObjectId: actor.objectId,
      objectId: `runbook ${runbook}`,
      parameters: { runbook, ...extra },
      resultStatus: 'Succeeded',
      tenantId: this.deps.tenantId,
      requestId,
      requestHash: null,
    };
  }

  // Fail closed, as requests do: no audit record, no step change.
  private async withAudit<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch {
      throw new UserError('AUDIT_UNAVAILABLE', M.auditUnavailable);
    }
  }

  private definition(name: string): RunbookDefinition {
    const definition = findRunbook(name);
    if (!definition) throw new UserError('INVALID_VALUE', M.unknownRunbook(name, RUNBOOKS.map((r) => r.name).join(', ')));
    return definition;
  }

  private step(definition: RunbookDefinition, id: string): RunbookStepDefinition {
    const step = stepOf(definition, id);
    if (!step) throw new UserError('INVALID_VALUE', M.unknownStep(definition.name, id, definition.steps.map((s) => s.id).join(', ')));
    return step;
  }

  private async started(definition: RunbookDefinition): Promise<RunbookInstance> {
    const instance = await this.deps.store.getRunbook(this.deps.tenantId, definition.name);
    if (!instance) throw new UserError('INVALID_VALUE', M.notStarted(definition.name));
    return withDefaults(definition, instance);
  }

  /** Whoever may file the procedure's changes may see and tick its runbook. */
  private async assertMayUse(actor: Actor, definition: RunbookDefinition): Promise<void> {
    const first = definition.steps.map((s) => (s.operation ? findOperation(s.operation) : undefined)).find((o): o is Operation => !!o);
    if (first) await this.deps.policy.assertMayRequest(actor, first);
  }
}

/** The typed command that files a bot step, with placeholders for the values it needs. */
export function runText(definition: RunbookDefinition, step: RunbookStepDefinition): string {
  return [`runbook run ${definition.name} ${step.id}`, ...(step.typedArgs ?? []).map((a) => `<${a.name}>`)].join(' ');
}

/** A step's state as the request it was filed for has left it, or undefined while the request is still open. */
function settledByRequest(request: VoiceRequest): { state: RunbookStepState; note: string; text: Message } | undefined {
  // A result stored before results kept their catalog message is read back from its English where it can be.
  const result = request.result?.text ?? (request.result ? (recogniseStoredEnglish(request.result.message, RESULT_MESSAGES) ?? request.result.message) : '');
  switch (request.state) {
    case 'succeeded':
      return request.result?.verified ? { state: 'verified', ...noted(M.requestVerified(request.id)) } : { state: 'done', ...noted(M.requestSucceeded(request.id, result)) };
    case 'failed':
    case 'unknown':
      return { state: 'failed', ...noted(M.requestFailed(request.id, request.state, result)) };
    case 'rejected':
    case 'expired':
    case 'cancelled':
      return { state: 'not-started', ...noted(M.requestClosed(request.id, request.state)) };
    default:
      return undefined;
  }
}

/** A note stored both ways: English for the audit trail, the catalog message for each reader's language. */
function noted(text: Message): { note: string; text: Message } {
  return { note: englishText(text), text };
}

/** A value typed for a bot step is one of its operation's arguments, and is named as that command names it. */
function stepArgumentLabel(operation: Operation, name: string) {
  return argumentLabel(operation.syntax, name);
}

function validateParameters(definition: RunbookDefinition, raw: Record<string, string>): { values: Record<string, string>; errors: Record<string, ParameterProblem> } {
  const values: Record<string, string> = {};
  const errors: Record<string, ParameterProblem> = {};
  const label = (arg: ArgumentSpec) => argumentLabel({ name: `runbook-${definition.name}`, phrase: '', args: definition.parameters, summary: '', example: '' }, arg.name);
  for (const arg of definition.parameters) {
    const typed = raw[arg.name];
    if (typed === undefined || typed === '') {
      if (arg.required) errors[arg.name] = { kind: 'required' };
      continue;
    }
    try {
      values[arg.name] = String(validateValue(arg.type, typed, label(arg)));
    } catch (error) {
      errors[arg.name] = { kind: 'invalid', text: isUserError(error) ? error.text : (error as Error).message };
    }
  }
  return { values, errors };
}

/** The runbook with the parameters the procedure defaults filled in. */
function withDefaults(definition: RunbookDefinition, instance: RunbookInstance): RunbookInstance {
  return { ...instance, parameters: definition.withDefaults(instance.parameters) };
}

function dropEmpty(parameters: Record<string, string | number | undefined>): OperationParameters {
  return Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined && v !== '')) as OperationParameters;
}

