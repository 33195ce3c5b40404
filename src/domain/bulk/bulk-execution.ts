import type { Executor } from '../../ports/executor';
import { msg, type Message } from '../../i18n/message';
import { englishText } from '../../i18n/translator';
import type { Store } from '../../ports/store';
import type { AuditEntry, AuditOperation, AuditResultStatus } from '../audit/audit-record';
import { voicePathOf, type StateRow, type UndoPlan } from '../operations/operation';
import type { Actor, RequestState, StopRequest, VoiceRequest } from '../requests/request';
import { requestHash } from '../requests/request-hash';
import { describeDrift, driftSinceFiling, type StateDrift } from '../requests/state-drift';
import { bulkChange, rowsOf, rowsSeenOf, type RowsSeen } from './bulk-change';
import type { BulkRow } from './bulk-rows';
import { stepsOf, type BulkStep } from './bulk-steps';
import { mapBounded } from './map-bounded';

/** `not-run`: the requester stopped the run before the row started. */
export type RowOutcomeKind = 'changed' | 'no-change' | 'failed' | 'not-run';

/** How to put back one step a run changed: what `undo N` of the bulk request files for it. */
export interface StepRestore {
  /** The catalog operation the step ran. */
  step: string;
  /** The request that restores the state before it, or absent when no catalog operation can. */
  plan?: UndoPlan;
  /** The properties it changed as they were before, "LineURI tel:+1…; HostedVoiceMail True", for people. */
  before: string;
}

/** What happened to one row, as the outcomes CSV and `status N` report it. */
export interface BulkRowOutcome extends BulkRow {
  outcome: RowOutcomeKind;
  /** English, for the outcomes CSV and the audit trail. */
  detail: string;
  /** The same words as a catalog message (absent on outcomes stored before it). */
  text?: Message;
  /** The steps this run changed on the row, read back as requested, with how to restore each (absent when none). */
  restore?: StepRestore[];
}

export interface BulkProgress {
  total: number;
  done: number;
  changed: number;
  noChange: number;
  failed: number;
  /** Rows left out because the run was stopped (absent before anyone stopped one). */
  notRun?: number;
}

/** Each outcome as a catalog message, stored beside its English `detail` so every reader sees it in their language. */
export const OUTCOME = {
  changed: msg('bulk.outcome.changed'),
  noChange: msg('bulk.outcome.noChange'),
  readFailed: (message: string) => msg('bulk.outcome.readFailed', { message }),
  refused: (refusal: Message) => refusal,
  changeFailed: (phrase: string, message: string) => msg('bulk.outcome.changeFailed', { phrase, message }),
  readBackFailed: (phrase: string, message: string) => msg('bulk.outcome.readBackFailed', { phrase, message }),
  mismatch: (phrase: string, properties: string) => msg('bulk.outcome.mismatch', { phrase, properties }),
  summary: (p: BulkProgress) => msg('bulk.outcome.summary', { total: p.total, changed: p.changed, noChange: p.noChange, failed: p.failed }),
  approverIsTarget: msg('bulk.outcome.approverIsTarget'),
  refusedRun: msg('bulk.outcome.refusedRun'),
  stateChanged: (changes: string) => msg('bulk.outcome.stateChanged', { changes }),
  asWritten: (text: string) => msg('bulk.outcome.asWritten', { text }),
  interruptedNotDone: (properties: string) => msg('bulk.outcome.interruptedNotDone', { properties }),
  interruptedUnread: (message: string) => msg('bulk.outcome.interruptedUnread', { message }),
  interruptedSummary: (p: BulkProgress) =>
    msg('result.interruptedBulk', { total: p.total, changed: p.changed, noChange: p.noChange, failed: p.failed }),
  notRun: (name: string) => msg('bulk.outcome.notRun', { name }),
  stoppedSummary: (p: BulkProgress & { notRun: number }, name: string) =>
    msg('bulk.outcome.stoppedSummary', { name, total: p.total, changed: p.changed, noChange: p.noChange, failed: p.failed, notRun: p.notRun }),
};

export interface BulkExecutionDeps {
  store: Store;
  executor: Executor;
  /** Rows in flight at once: the pwsh pool's size, so every session stays busy and none queues behind another. */
  concurrency: number;
}

/**
 * Runs an approved bulk request: claimed once (approved → running, audited), each row through the catalog's own
 * operations (read, change only if needed, read back, each step audited before it runs), rows in parallel; a row
 * that fails never stops the others. Finishes with the per-row outcomes stored on the request.
 */
export class BulkExecution {
  constructor(private readonly deps: BulkExecutionDeps) {}

  async execute(requestId: number, executor: Actor, onProgress: (progress: BulkProgress) => void = () => {}): Promise<VoiceRequest> {
    const request = await this.reload(requestId);
    if (request.state !== 'approved') return request;
    const claimed = await this.deps.store.transition(request.id, ['approved'], 'running', this.entry(request, executor, 'ExecutionStarted', 'Pending', subjectOf(request), { rowCount: request.parameters.rowCount }));
    if (!claimed) return this.reload(request.id);
    let rows: BulkRow[];
    let seen: RowsSeen | undefined;
    try {
      if (requestHash(request) !== request.requestHash) throw new Error('request hash mismatch');
      rows = rowsOf(request.parameters);
      seen = rowsSeenOf(request.parameters);
    } catch {
      return this.finish(request, executor, 'ExecutionRefused', [], OUTCOME.refusedRun);
    }
    // Nobody approves a change to their own account: a bulk request has many targets, so this is checked per row
    // against the object id the tenant returns for the row's user.
    const approvers = new Set(
      (await this.deps.store.votes(request.id)).filter((v) => v.decision === 'approve' && v.requestHash === request.requestHash).map((v) => v.approver.objectId),
    );
    const progress: BulkProgress & { notRun: number } = { total: rows.length, done: 0, changed: 0, noChange: 0, failed: 0, notRun: 0 };
    const stopped: { request?: StopRequest } = {};
    const outcomes = await mapBounded(rows, this.deps.concurrency, async (row) => {
      // Asked before each row starts: a stop leaves the rows already started to finish, never half-changed.
      stopped.request ??= (await this.deps.store.stopRequestOf(request.id)) ?? undefined;
      if (stopped.request) {
        progress.notRun += 1;
        return notRun(row, stopped.request.by.name);
      }
      const outcome = await this.runRow(request, executor, row, approvers, seen?.[String(row.row)]).catch((error: unknown) => failed(row, OUTCOME.asWritten(error instanceof Error ? error.message : String(error))));
      progress.done += 1;
      if (outcome.outcome === 'changed') progress.changed += 1;
      else if (outcome.outcome === 'no-change') progress.noChange += 1;
      else progress.failed += 1;
      onProgress({ ...progress });
      return outcome;
    });
    const summary = stopped.request ? OUTCOME.stoppedSummary(progress, stopped.request.by.name) : OUTCOME.summary(progress);
    return this.finish(request, executor, 'ChangeVerified', outcomes, summary, undefined, stopped.request);
  }

  /**
   * Settles a bulk run that its process left unfinished (killed mid-run): nothing is run again. Each row is read
   * back through its own steps. A row whose steps all read as requested is done: changed when this run had started a
   * change on it (its audit records say so), else no change was needed. Any other row is not done, and sending it
   * again finishes it (a rerun skips rows already as requested). `from` is the states the request may be left in.
   */
  async settleInterrupted(requestId: number, executor: Actor, from: readonly RequestState[] = ['running']): Promise<VoiceRequest> {
    const request = await this.reload(requestId);
    if (!from.includes(request.state)) return request;
    const started = await this.rowsWithChangesStarted(request.id);
    const rows = rowsOf(request.parameters);
    const outcomes = await mapBounded(rows, this.deps.concurrency, (row) => this.readRowBack(request, row, started.has(row.row)));
    const count = (kind: RowOutcomeKind) => outcomes.filter((o) => o.outcome === kind).length;
    const progress = { total: rows.length, done: rows.length, changed: count('changed'), noChange: count('no-change'), failed: count('failed') };
    return this.finish(request, executor, 'ChangeVerified', outcomes, OUTCOME.interruptedSummary(progress), { from, reconciled: true });
  }

  private async readRowBack(request: VoiceRequest, row: BulkRow, changeStarted: boolean): Promise<BulkRowOutcome> {
    const mismatches: string[] = [];
    for (const { operation, params } of stepsOf(row, voicePathOf(request.parameters))) {
      const read = await this.deps.executor.invoke(operation.readState(params));
      if (!read.ok) return failed(row, OUTCOME.interruptedUnread(read.error.message));
      const verification = operation.verify(read.output, params);
      if (!verification.verified) mismatches.push(...(verification.mismatches.length > 0 ? verification.mismatches : [operation.syntax.phrase]));
    }
    if (mismatches.length > 0) return failed(row, OUTCOME.interruptedNotDone(mismatches.join(', ')));
    const text = changeStarted ? OUTCOME.changed : OUTCOME.noChange;
    return { ...row, outcome: changeStarted ? 'changed' : 'no-change', detail: englishText(text), text };
  }

  /** Rows on which this request recorded the start of a change (audit records carry the row number). */
  private async rowsWithChangesStarted(requestId: number): Promise<Set<number>> {
    const rows = new Set<number>();
    const pageSize = 1000;
    for (let afterSequence = 0; ; ) {
      const page = await this.deps.store.queryAudit({ requestId, afterSequence, limit: pageSize });
      for (const record of page) {
        if (record.operation === 'ExecutionStarted' && typeof record.parameters.row === 'number') rows.add(record.parameters.row);
      }
      if (page.length < pageSize) return rows;
      afterSequence = page[page.length - 1].sequence;
    }
  }

  /**
   * Reads the row's steps first, so a row whose state drifted since filing is refused before any of its steps
   * changes anything (never half-applied); then runs each step on the state it read.
   */
  private async runRow(request: VoiceRequest, executor: Actor, row: BulkRow, approvers: ReadonlySet<string>, seen?: Record<string, string>): Promise<BulkRowOutcome> {
    const steps = stepsOf(row, voicePathOf(request.parameters));
    const priors: unknown[] = [];
    for (const { operation, params } of steps) {
      const prior = await this.deps.executor.invoke(operation.readState(params));
      if (!prior.ok) return failed(row, OUTCOME.readFailed(prior.error.message));
      priors.push(prior.output);
    }
    const drift = seen ? steps.flatMap((step, i) => driftOfStep(step, priors[i], seen)) : [];
    if (drift.length > 0) {
      await this.deps.store.appendAudit(
        this.entry(request, executor, 'ExecutionRefused', 'Refused', row.user, { row: row.row, reason: 'STATE_CHANGED', mismatches: drift.map((d) => d.property), drift }),
      );
      return failed(row, OUTCOME.stateChanged(describeDrift(drift)));
    }
    const restore: StepRestore[] = [];
    for (const [i, step] of steps.entries()) {
      const result = await this.runStep(request, executor, row, step, priors[i], approvers);
      if (result.kind === 'changed') restore.push(result.restore);
      if (result.kind === 'failed') return withRestore(failed(row, result.detail), restore);
    }
    const text = restore.length > 0 ? OUTCOME.changed : OUTCOME.noChange;
    return withRestore({ ...row, outcome: restore.length > 0 ? 'changed' : 'no-change', detail: englishText(text), text }, restore);
  }

  /** One catalog operation for one row, from the state read for it: change only when needed, read back; audited before and after. */
  private async runStep(
    request: VoiceRequest,
    executor: Actor,
    row: BulkRow,
    { operation, params }: BulkStep,
    prior: unknown,
    approvers: ReadonlySet<string>,
  ): Promise<{ kind: 'changed'; restore: StepRestore } | { kind: 'no-change' } | { kind: 'failed'; detail: Message }> {
    const subject = row.user;
    const base = { step: operation.name, row: row.row, ...params };
    const targetObjectId = (prior as { ObjectId?: unknown } | null)?.ObjectId;
    if (typeof targetObjectId === 'string' && approvers.has(targetObjectId)) {
      await this.deps.store.appendAudit(this.entry(request, executor, 'ExecutionRefused', 'Refused', subject, { ...base, reason: 'TARGET_APPROVAL' }));
      return { kind: 'failed', detail: OUTCOME.approverIsTarget };
    }
    if (operation.verify(prior, params).verified) {
      await this.deps.store.appendAudit(this.entry(request, executor, 'NoChangeNeeded', 'Succeeded', subject, base));
      return { kind: 'no-change' };
    }
    const refusal = operation.validate?.(prior, params);
    if (refusal) {
      await this.deps.store.appendAudit(this.entry(request, executor, 'ExecutionRefused', 'Refused', subject, { ...base, reason: englishText(refusal) }));
      return { kind: 'failed', detail: OUTCOME.refused(refusal) };
    }
    if (!operation.change) return { kind: 'failed', detail: OUTCOME.refusedRun };
    const call = operation.change(params);
    // Fail closed: the record that this step starts is written before pwsh runs it.
    await this.deps.store.appendAudit(
      this.entry(request, executor, 'ExecutionStarted', 'Pending', subject, { ...base, command: operation.preview(params), prior: operation.compare(prior, params) }),
    );
    const outcome = await this.deps.executor.invoke(call);
    await this.deps.store.appendAudit(
      this.entry(request, executor, 'ExecutionFinished', outcome.ok ? 'Succeeded' : 'Failed', subject, {
        ...base,
        durationMs: outcome.durationMs,
        ...(outcome.ok ? {} : { errorKind: outcome.error.kind, error: outcome.error.message }),
      }),
    );
    const phrase = operation.syntax.phrase;
    if (!outcome.ok && outcome.error.kind !== 'Timeout' && outcome.error.kind !== 'Crashed') {
      return { kind: 'failed', detail: OUTCOME.changeFailed(phrase, outcome.error.message) };
    }
    // A change whose process died may or may not have landed: the read-back decides, never a re-run.
    const readBack = await this.deps.executor.invoke(operation.readState(params));
    if (!readBack.ok) {
      await this.deps.store.appendAudit(this.entry(request, executor, 'ChangeVerified', 'Failed', subject, { ...base, verified: false, error: readBack.error.message }));
      return { kind: 'failed', detail: OUTCOME.readBackFailed(phrase, readBack.error.message) };
    }
    const verification = operation.verify(readBack.output, params);
    await this.deps.store.appendAudit(
      this.entry(request, executor, 'ChangeVerified', verification.verified ? 'Succeeded' : 'Failed', subject, {
        ...base,
        verified: verification.verified,
        mismatches: verification.mismatches,
        after: operation.compare(readBack.output, params),
      }),
    );
    if (!verification.verified) return { kind: 'failed', detail: OUTCOME.mismatch(phrase, verification.mismatches.join(', ')) };
    const changedRows = operation.compare(prior, params).filter((r) => !r.label && r.current !== r.proposed);
    const plan = operation.undo?.(prior, params);
    return { kind: 'changed', restore: { step: operation.name, ...(plan ? { plan } : {}), before: changedRows.map((r) => `${r.property} ${r.current}`).join('; ') } };
  }

  private async finish(
    request: VoiceRequest,
    executor: Actor,
    operation: AuditOperation,
    outcomes: BulkRowOutcome[],
    text: Message,
    settlement: { from: readonly RequestState[]; reconciled: boolean } = { from: ['running'], reconciled: false },
    stop?: StopRequest,
  ): Promise<VoiceRequest> {
    const message = englishText(text);
    const count = (kind: RowOutcomeKind) => outcomes.filter((o) => o.outcome === kind).length;
    const counts = { rows: outcomes.length, changed: count('changed'), noChange: count('no-change'), failed: count('failed'), notRun: count('not-run') };
    const succeeded = operation !== 'ExecutionRefused' && counts.failed === 0 && counts.notRun === 0;
    await this.deps.store.transition(
      request.id,
      settlement.from,
      succeeded ? 'succeeded' : 'failed',
      this.entry(request, executor, operation, succeeded ? 'Succeeded' : 'Failed', subjectOf(request), {
        ...counts,
        message,
        ...(settlement.reconciled ? { reconciled: true } : {}),
        ...(stop ? { stoppedBy: stop.by.objectId } : {}),
      }),
      {
        result: {
          succeeded,
          verified: succeeded,
          message,
          text,
          after: [
            countRow('bulk.count.changed', counts.changed),
            countRow('bulk.count.noChange', counts.noChange),
            countRow('bulk.count.failed', counts.failed),
            ...(counts.notRun > 0 ? [countRow('bulk.count.notRun', counts.notRun)] : []),
          ],
          mismatches: [],
          bulkRows: outcomes,
        },
      },
    );
    return this.reload(request.id);
  }

  private async reload(id: number): Promise<VoiceRequest> {
    const request = await this.deps.store.getRequest(id);
    if (!request) throw new Error(`bulk request #${id} is gone`);
    return request;
  }

  // Row-level records carry the row, not the whole row set: the request's own records (created, approved) hold that.
  private entry(request: VoiceRequest, actor: Actor, operation: AuditOperation, resultStatus: AuditResultStatus, objectId: string, parameters: Record<string, unknown>): AuditEntry {
    return {
      operation,
      userId: actor.name,
      actorObjectId: actor.objectId,
      objectId,
      parameters: { operation: request.operation, rowSetHash: request.parameters.rowSetHash, ...parameters },
      resultStatus,
      tenantId: request.tenantId,
      requestId: request.id,
      requestHash: request.requestHash,
    };
  }
}

function failed(row: BulkRow, text: Message): BulkRowOutcome {
  return { ...row, outcome: 'failed', detail: englishText(text), text };
}

/**
 * What the approvers approved for one step: the values the tenant showed for the row when filed, towards what the
 * step proposes. A step already as wanted has nothing to overwrite.
 */
function driftOfStep({ operation, params }: BulkStep, prior: unknown, seen: Record<string, string>): StateDrift[] {
  if (operation.verify(prior, params).verified) return [];
  const now = operation.compare(prior, params);
  const approved = now.filter((r) => !r.label && r.property in seen).map((r) => ({ property: r.property, current: seen[r.property], proposed: r.proposed }));
  return driftSinceFiling(approved, now);
}

function withRestore(outcome: BulkRowOutcome, restore: StepRestore[]): BulkRowOutcome {
  return restore.length > 0 ? { ...outcome, restore } : outcome;
}

function notRun(row: BulkRow, stoppedBy: string): BulkRowOutcome {
  const text = OUTCOME.notRun(stoppedBy);
  return { ...row, outcome: 'not-run', detail: englishText(text), text };
}

/** A count on the result card: labelled in English (audit) and as a catalog message for each reader. */
function countRow(key: 'bulk.count.changed' | 'bulk.count.noChange' | 'bulk.count.failed' | 'bulk.count.notRun', count: number): StateRow {
  const label = msg(key);
  return { property: englishText(label), label, current: '', proposed: String(count) };
}

function subjectOf(request: VoiceRequest): string {
  return bulkChange.subject?.(request.parameters) ?? '';
}
