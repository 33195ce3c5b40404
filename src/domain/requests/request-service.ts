import { randomBytes } from 'node:crypto';
import { msg, type Message, type MessageParam } from '../../i18n/message';
import { stateMessage } from '../../i18n/state-message';
import { englishText } from '../../i18n/translator';
import type { Executor, PowerShellOutcome } from '../../ports/executor';
import type { Store } from '../../ports/store';
import type { AuditEntry, AuditOperation, AuditResultStatus } from '../audit/audit-record';
import { changeKey } from './change-key';
import { settleInterruptedRun } from './interrupted-run';
import { isUserError, UserError } from '../errors';
import { BULK_CHANGE, isRunningBulk } from '../bulk/bulk-change';
import { BulkExecution, type BulkProgress } from '../bulk/bulk-execution';
import { findOperation } from '../operations/catalog';
import { withTenantSettings, type Operation, type OperationParameters, type StateRow, type VoicePath } from '../operations/operation';
import type { ApprovalPolicy } from '../policy/approval-policy';
import { CANCELLABLE_STATES, type Actor, type RequestResult, type RequestState, type Vote, type VoiceRequest } from './request';
import { describeDrift, driftSinceFiling } from './state-drift';
import { requestHash } from './request-hash';

export interface RequestServiceDeps {
  store: Store;
  executor: Executor;
  policy: ApprovalPolicy;
  tenantId: string;
  /** The tenant's voice path, recorded on requests of operations that have one (default legacy). */
  voicePath?: VoicePath;
  now?: () => Date;
  newNonce?: () => string;
  /** Bulk requests: rows in flight at once (the pool size) and who hears about progress. */
  bulk?: { concurrency: number; onProgress?: (request: VoiceRequest, progress: BulkProgress) => void };
}

export type FileOutcome =
  | { kind: 'filed'; request: VoiceRequest }
  | { kind: 'already-done'; rows: StateRow[] }
  /** The same change, with the same values, is already pending or on its way to run: nothing new was filed. */
  | { kind: 'already-requested'; request: VoiceRequest };

/** States in which a request may still run; an identical change filed meanwhile would only be run twice. */
const OPEN_STATES: readonly RequestState[] = ['pending', 'approved', 'queued', 'running'];

/** What `undo N` did: filed (or found nothing to do for) a request of the restoring operation. */
export type UndoOutcome = FileOutcome & { operation: Operation; undoes: number };

export type DecisionOutcome =
  | { kind: 'approved'; request: VoiceRequest; approvals: number }
  | { kind: 'vote-counted'; request: VoiceRequest; approvals: number }
  | { kind: 'rejected'; request: VoiceRequest }
  | { kind: 'cancelled'; request: VoiceRequest }
  /** A running bulk request will stop: rows already started finish, the others are not run. */
  | { kind: 'stop-requested'; request: VoiceRequest }
  /** The same person made the same decision before (a retried invoke, a double click): nothing changed. */
  | { kind: 'already-recorded'; request: VoiceRequest; decision: Decision };

/** What a person can do to a pending request. */
export type Decision = Vote['decision'] | 'cancel';

export interface DecideOptions {
  /** The nonce a card carries; typed commands have none. */
  nonce?: string;
  comment?: string;
}

/** The use cases of a request's life: check, file, decide, execute. Framework-free. */
export class RequestService {
  private readonly now: () => Date;
  private readonly newNonce: () => string;

  constructor(private readonly deps: RequestServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.newNonce = deps.newNonce ?? (() => randomBytes(16).toString('hex'));
  }

  /** Read-only operations run at once, without a request or approval. */
  async check(actor: Actor, operation: Operation, params: OperationParameters): Promise<StateRow[]> {
    await this.deps.policy.assertMayRequest(actor, operation);
    const settled = this.withSettings(operation, params);
    return operation.compare(await this.readState(operation, settled), settled);
  }

  /** Validated command → stored pending request, with the current state read from the tenant first. */
  async file(actor: Actor, operation: Operation, chatParams: OperationParameters, originConversationId: string): Promise<FileOutcome> {
    await this.deps.policy.assertMayRequest(actor, operation);
    const params = this.withSettings(operation, chatParams);
    // A change typed twice (or by two admins) would put two approval cards in front of the approvers.
    const open = await this.openRequestFor(operation, params);
    if (open) return { kind: 'already-requested', request: open };
    const state = await this.readState(operation, params, operation.filingRead);
    if (operation.verify(state, params).verified) {
      // Idempotent: nothing is filed or run, but the question and its answer are on record.
      const rows = operation.compare(state, params);
      await this.withAudit(() =>
        this.deps.store.appendAudit({
          operation: 'NoChangeNeeded',
          userId: actor.name,
          actorObjectId: actor.objectId,
          objectId: subjectOf(operation, params),
          parameters: { operation: operation.name, ...params, state: rows },
          resultStatus: 'Succeeded',
          tenantId: this.deps.tenantId,
          requestId: null,
          requestHash: null,
        }),
      );
      return { kind: 'already-done', rows };
    }
    const invalid = operation.validate?.(state, params);
    if (invalid) throw new UserError('TARGET_STATE_INVALID', msg('error.targetStateInvalid', { reason: invalid }));
    return { kind: 'filed', request: await this.create(actor, operation, params, operation.compare(state, params), targetObjectIdOf(state), originConversationId) };
  }

  /** An open request of this tenant for the same operation with the same values, whoever filed it. */
  private async openRequestFor(operation: Operation, params: OperationParameters): Promise<VoiceRequest | undefined> {
    const key = changeKey({ tenantId: this.deps.tenantId, operation: operation.name, parameters: params });
    const [open] = await this.deps.store.findRequests({ states: OPEN_STATES, changeKey: key, limit: 1 });
    return open;
  }

  /**
   * A request whose state the caller has already read and checked (bulk: every row read through its own
   * operations); policy, hash, expiry and audit as for any other request.
   */
  async fileChecked(actor: Actor, operation: Operation, chatParams: OperationParameters, before: StateRow[], originConversationId: string): Promise<VoiceRequest> {
    await this.deps.policy.assertMayRequest(actor, operation);
    return this.create(actor, operation, this.withSettings(operation, chatParams), before, null, originConversationId);
  }

  private async create(actor: Actor, operation: Operation, params: OperationParameters, before: StateRow[], targetObjectId: string | null, originConversationId: string): Promise<VoiceRequest> {
    const base = { operation: operation.name, parameters: params, requester: actor, tenantId: this.deps.tenantId };
    return this.withAudit(() =>
      this.deps.store.createRequest(
        {
          ...base,
          targetObjectId,
          requestHash: requestHash(base),
          nonce: this.newNonce(),
          approvalsRequired: this.deps.policy.requiredApprovals(operation),
          preview: operation.preview(params),
          before,
          originConversationId,
          targetUser: normalisedTarget(operation, params),
          ...(operation.targetUsers ? { targetUsers: operation.targetUsers(params) } : {}),
          expiresAt: new Date(this.now().getTime() + this.deps.policy.expiryMs(operation)).toISOString(),
        },
        (created) => this.auditEntry(created, actor, 'RequestCreated', 'Pending', { preview: created.preview }),
      ),
    );
  }

  /**
   * An approver's decision. Checks run in this order: the card still names this request, expiry, who is
   * deciding (each refusal audited before it is shown), a repeat of the same decision (answered as before,
   * nothing changes), the state, and the request hash (a request that changed cannot be approved).
   */
  async decide(actor: Actor, requestId: number, decision: Vote['decision'], options: DecideOptions = {}): Promise<DecisionOutcome> {
    const request = await this.pendingOrExpire(await this.load(requestId, options.nonce));
    const operation = this.operationOf(request);
    await this.refusedUnless(request, actor, decision, () => this.deps.policy.assertMayDecide(actor, request, operation));
    const earlier = (await this.deps.store.votes(request.id)).find((v) => v.approver.objectId === actor.objectId);
    if (earlier && earlier.decision === decision && earlier.requestHash === request.requestHash) {
      return { kind: 'already-recorded', request, decision };
    }
    this.assertPending(request);
    if (requestHash(request) !== request.requestHash) {
      await this.withAudit(() =>
        this.deps.store.appendAudit(this.auditEntry(request, actor, 'ApprovalRefused', 'Refused', { decision, reason: 'REQUEST_CHANGED' })),
      );
      throw new UserError('REQUEST_CHANGED', msg('error.requestChanged', { id: requestId }));
    }
    const vote: Vote = { approver: actor, decision, comment: options.comment ?? null, at: this.now().toISOString(), requestHash: request.requestHash };
    if (decision === 'reject') {
      const moved = await this.withAudit(() =>
        this.deps.store.transition(request.id, ['pending'], 'rejected', this.auditEntry(request, actor, 'RequestRejected', 'Succeeded', { comment: vote.comment }), { vote }),
      );
      if (!moved) return this.repeatOrRefuse(request.id, actor, decision);
      return { kind: 'rejected', request: await this.reload(request.id) };
    }
    const outcome = await this.withAudit(() =>
      this.deps.store.recordApproval(
        request.id,
        vote,
        this.auditEntry(request, actor, 'ApprovalGranted', 'Succeeded', {}),
        this.auditEntry(request, actor, 'RequestApproved', 'Succeeded', { approvalsRequired: request.approvalsRequired }),
      ),
    );
    if (!outcome.counted) return this.repeatOrRefuse(request.id, actor, decision);
    const updated = await this.reload(request.id);
    return outcome.approved
      ? { kind: 'approved', request: updated, approvals: outcome.approvals }
      : { kind: 'vote-counted', request: updated, approvals: outcome.approvals };
  }

  /**
   * The requester withdraws a request; only the requester may, and only before it starts: while it is pending, or
   * approved but not yet run (waiting for a free PowerShell session, or in scale-out for a worker). The run claims the
   * request with a compare-and-set from `approved`, so a cancelled request never starts and a started one is not
   * cancelled. A running bulk request is asked to stop instead (by its requester or an approver): rows already
   * started finish (a row is never left half-changed), the others are not run.
   */
  async cancel(actor: Actor, requestId: number, options: DecideOptions = {}): Promise<DecisionOutcome> {
    const request = await this.pendingOrExpire(await this.load(requestId, options.nonce));
    if (isRunningBulk(request)) return this.stopBulk(actor, request);
    await this.refusedUnless(request, actor, 'cancel', async () => {
      if (actor.objectId !== request.requester.objectId) {
        throw new UserError('NOT_REQUESTER', msg('error.notRequester', { requester: request.requester.name, id: request.id }));
      }
    });
    if (request.state === 'cancelled') return { kind: 'already-recorded', request, decision: 'cancel' };
    this.assertCancellable(request);
    const moved = await this.withAudit(() =>
      this.deps.store.transition(request.id, CANCELLABLE_STATES, 'cancelled', this.auditEntry(request, actor, 'RequestCancelled', 'Succeeded', {
        comment: options.comment ?? null,
        stateWas: request.state,
      })),
    );
    const current = await this.reload(request.id);
    if (!moved) {
      if (current.state === 'cancelled') return { kind: 'already-recorded', request: current, decision: 'cancel' };
      this.assertCancellable(current);
    }
    return { kind: 'cancelled', request: current };
  }

  /**
   * Stopping is the safe direction, so besides the requester any approver of the request may (someone watching rows
   * fail while the requester is away); nobody else.
   */
  private async stopBulk(actor: Actor, request: VoiceRequest): Promise<DecisionOutcome> {
    await this.refusedUnless(request, actor, 'cancel', async () => {
      if (actor.objectId === request.requester.objectId || (await this.deps.policy.isApprover(actor, this.operationOf(request)))) return;
      throw new UserError('NOT_ALLOWED_TO_STOP', msg('error.notAllowedToStop', { requester: request.requester.name, id: request.id }));
    });
    if (request.stopRequested) return { kind: 'already-recorded', request, decision: 'cancel' };
    const stop = { by: actor, at: this.now().toISOString() };
    const recorded = await this.withAudit(() =>
      this.deps.store.requestStop(request.id, stop, this.auditEntry(request, actor, 'StopRequested', 'Succeeded', { stateWas: request.state })),
    );
    const current = await this.reload(request.id);
    if (recorded) return { kind: 'stop-requested', request: current };
    if (current.state === 'running' && current.stopRequested) return { kind: 'already-recorded', request: current, decision: 'cancel' };
    this.assertCancellable(current); // it finished meanwhile: too late
    return { kind: 'already-recorded', request: current, decision: 'cancel' };
  }

  private assertCancellable(request: VoiceRequest): void {
    if (CANCELLABLE_STATES.includes(request.state)) return;
    if (request.state === 'expired') this.assertPending(request); // its own message, with the time it expired
    throw new UserError('REQUEST_NOT_PENDING', msg('error.tooLateToCancel', { id: request.id, state: stateMessage(request.state) }));
  }

  /** Closes every pending request whose time is up, as expired (never approved). Returns those it closed. */
  async expireDue(): Promise<VoiceRequest[]> {
    const due = await this.deps.store.findRequests({ states: ['pending'], expiresAtOrBefore: this.now().toISOString(), limit: 200 });
    const expired: VoiceRequest[] = [];
    for (const request of due) {
      if (await this.expire(request)) expired.push(await this.reload(request.id));
    }
    return expired;
  }

  /** Pending requests that enter the reminder window now; each is reminded once (compare-and-set in the store). */
  async remindDue(): Promise<VoiceRequest[]> {
    const lead = this.deps.policy.reminderLeadMs();
    if (lead <= 0) return [];
    const now = this.now();
    const soon = await this.deps.store.findRequests({
      states: ['pending'],
      expiresAtOrBefore: new Date(now.getTime() + lead).toISOString(),
      limit: 200,
    });
    const reminded: VoiceRequest[] = [];
    for (const request of soon) {
      if (request.remindedAt || Date.parse(request.expiresAt) <= now.getTime()) continue;
      const entry = this.auditEntry(request, SYSTEM_ACTOR, 'ReminderSent', 'Succeeded', { expiresAt: request.expiresAt });
      if (await this.withAudit(() => this.deps.store.markReminded(request.id, entry))) reminded.push(await this.reload(request.id));
    }
    return reminded;
  }

  /**
   * Pending requests whose approvers' card never reached Teams (Teams refused it, the approvers' conversation was not
   * known yet, the process died after filing) and whose next try is due: 1, 2, 4, 8… minutes after filing, so a
   * conversation that keeps refusing is asked about a dozen times before the request expires, not every minute.
   */
  async unseenByApprovers(): Promise<VoiceRequest[]> {
    const now = this.now().getTime();
    const unseen = await this.deps.store.findRequests({
      states: ['pending'],
      withoutApproversCard: true,
      createdAtOrBefore: new Date(now - 60_000).toISOString(),
      limit: 200,
    });
    return unseen.filter((request) => Date.parse(request.expiresAt) > now && isPowerOfTwo(Math.floor((now - Date.parse(request.createdAt)) / 60_000)));
  }

  /** Pending requests this person may decide now (not theirs, not about them, not expired). */
  async pendingFor(actor: Actor): Promise<VoiceRequest[]> {
    const now = this.now().getTime();
    const pending = await this.deps.store.findRequests({ states: ['pending'], limit: 100 });
    const mine: VoiceRequest[] = [];
    for (const request of pending) {
      if (Date.parse(request.expiresAt) <= now) continue;
      if ((await this.deps.policy.viewerOf(actor, request, this.operationOf(request))) === 'approver') mine.push(request);
    }
    return mine;
  }

  /**
   * The other requests still open for what this one changes (the same user, or the same tenant-wide settings): two
   * changes of one user may be approved one after the other, and whichever runs second is refused where the first
   * changed a value it would overwrite. A bulk request names the users of its rows, so it is found for each of them
   * (and is not given a list of its own: its rows are refused the same way when they have drifted).
   */
  async openAlongside(request: VoiceRequest, limit = 5): Promise<VoiceRequest[]> {
    if (!OPEN_STATES.includes(request.state) || request.operation === BULK_CHANGE) return [];
    const others = (found: VoiceRequest[]) => found.filter((r) => r.id !== request.id);
    if (request.targetUser) {
      return others(await this.deps.store.findRequests({ states: OPEN_STATES, targetUser: request.targetUser, limit: limit + 1 })).slice(0, limit);
    }
    const subject = subjectOf(this.operationOf(request), request.parameters);
    if (!subject) return [];
    // Tenant-wide requests have no user to look up by; the open ones are few.
    const open = await this.deps.store.findRequests({ states: OPEN_STATES, limit: 100 });
    return others(open)
      .filter((r) => !r.targetUser && r.operation !== BULK_CHANGE && subjectOf(this.operationOf(r), r.parameters) === subject)
      .slice(0, limit);
  }

  async history(targetUser: string, limit = 10): Promise<VoiceRequest[]> {
    return this.deps.store.findRequests({ targetUser: targetUser.toLowerCase(), limit });
  }

  async find(query: { states?: RequestState[]; targetUser?: string; requesterObjectId?: string }, limit = 10): Promise<VoiceRequest[]> {
    return this.deps.store.findRequests({ ...query, targetUser: query.targetUser?.toLowerCase(), limit });
  }

  private async load(requestId: number, nonce?: string): Promise<VoiceRequest> {
    const request = await this.get(requestId);
    if (nonce !== undefined && nonce !== request.nonce) {
      throw new UserError('STALE_CARD', msg('error.staleCard', { id: requestId }));
    }
    return request;
  }

  /** Expiry is checked on every decision too, so a late click never approves, even between sweeps. */
  private async pendingOrExpire(request: VoiceRequest): Promise<VoiceRequest> {
    if (request.state !== 'pending' || Date.parse(request.expiresAt) > this.now().getTime()) return request;
    await this.expire(request);
    return this.reload(request.id);
  }

  private async expire(request: VoiceRequest): Promise<boolean> {
    return this.withAudit(() =>
      this.deps.store.transition(request.id, ['pending'], 'expired', this.auditEntry(request, SYSTEM_ACTOR, 'RequestExpired', 'Succeeded', { expiresAt: request.expiresAt })),
    );
  }

  private assertPending(request: VoiceRequest): void {
    if (request.state === 'expired') {
      throw new UserError('REQUEST_EXPIRED', msg('error.requestExpired', { id: request.id, expiresAt: { dateTime: request.expiresAt } }));
    }
    if (request.state !== 'pending') {
      throw new UserError('REQUEST_NOT_PENDING', msg('error.requestNotPending', { id: request.id, state: stateMessage(request.state) }));
    }
  }

  private async refusedUnless(request: VoiceRequest, actor: Actor, decision: Decision, check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (isUserError(error)) {
        await this.withAudit(() =>
          this.deps.store.appendAudit(this.auditEntry(request, actor, 'ApprovalRefused', 'Refused', { decision, reason: error.code })),
        );
      }
      throw error;
    }
  }

  // A concurrent twin of this very decision won the race: answer as it did; anything else is refused.
  private async repeatOrRefuse(requestId: number, actor: Actor, decision: Vote['decision']): Promise<DecisionOutcome> {
    const current = await this.reload(requestId);
    const earlier = (await this.deps.store.votes(requestId)).find((v) => v.approver.objectId === actor.objectId);
    if (earlier && earlier.decision === decision && earlier.requestHash === current.requestHash) {
      return { kind: 'already-recorded', request: current, decision };
    }
    this.assertPending(current);
    throw new UserError('ALREADY_VOTED', msg('error.alreadyVoted', { id: requestId }));
  }

  /**
   * Runs an approved request once: the start is recorded (and the state claimed) before pwsh runs,
   * the request hash is recomputed and must match, and the change is read back to prove it landed.
   */
  async execute(requestId: number, executor: Actor = SYSTEM_ACTOR): Promise<VoiceRequest> {
    const request = await this.reload(requestId);
    const operation = this.operationOf(request);
    if (request.state !== 'approved') return request;
    if (operation.name === BULK_CHANGE) {
      return this.bulkExecution().execute(requestId, executor, (progress) => this.deps.bulk?.onProgress?.(request, progress));
    }
    // The prior state is read (read-only, harmless if another run wins the claim) and recorded before the change,
    // so undo can restore it and an already-done change is not run again.
    const priorRead = await this.deps.executor.invoke(operation.readState(request.parameters));
    const priorRows = priorRead.ok ? safeCompare(operation, priorRead.output, request.parameters) : undefined;
    const claimed = await this.deps.store.transition(
      request.id,
      ['approved'],
      'running',
      this.auditEntry(request, executor, 'ExecutionStarted', 'Pending', { command: request.preview, ...(priorRows ? { prior: priorRows } : {}) }),
    );
    if (!claimed) return this.reload(request.id);
    if (requestHash(request) !== request.requestHash || !operation.change) {
      return this.finish(request, executor, 'failed', 'ExecutionRefused', {
        succeeded: false,
        verified: false,
        ...resultText(msg('result.hashMismatch')),
        after: request.before,
        mismatches: [],
      });
    }
    if (!priorRead.ok || !priorRows) {
      return this.finish(request, executor, 'failed', 'ExecutionRefused', {
        succeeded: false,
        verified: false,
        ...resultText(priorRead.ok ? msg('result.priorReadUnexpected') : msg('result.priorReadFailed', { detail: priorRead.error.message })),
        after: request.before,
        mismatches: [],
      });
    }
    const prior = priorRead.output;
    if (operation.verify(prior, request.parameters).verified) {
      return this.finish(request, executor, 'succeeded', 'NoChangeNeeded', {
        succeeded: true,
        verified: true,
        ...resultText(msg('result.alreadyInState')),
        after: priorRows,
        mismatches: [],
        prior,
      });
    }
    // What the approvers saw must still hold for what the change overwrites; else nobody approved this run.
    const drift = driftSinceFiling(request.before, priorRows);
    if (drift.length > 0) {
      return this.finish(request, executor, 'failed', 'ExecutionRefused', {
        succeeded: false,
        verified: false,
        ...resultText(msg('result.stateChanged', { changes: describeDrift(drift) })),
        after: priorRows,
        mismatches: drift.map((d) => d.property),
      });
    }
    const outcome = await this.deps.executor.invoke(operation.change(request.parameters));
    await this.deps.store.appendAudit(
      this.auditEntry(request, executor, 'ExecutionFinished', outcome.ok ? 'Succeeded' : 'Failed', describeOutcome(outcome)),
    );
    if (!outcome.ok && outcome.error.kind !== 'Timeout' && outcome.error.kind !== 'Crashed') {
      return this.finish(request, executor, 'failed', 'ChangeVerified', {
        succeeded: false,
        verified: false,
        ...resultText(msg('result.changeFailed', { detail: outcome.error.message })),
        after: request.before,
        mismatches: [],
        prior,
      });
    }
    return this.verifyAfterChange(request, operation, executor, outcome.ok, prior);
  }

  /**
   * Requests a stopped process left approved (never started) or running, oldest first: the embedded bot, the only
   * process that runs them, picks these up when it starts again.
   */
  async unfinishedRuns(): Promise<VoiceRequest[]> {
    return (await this.deps.store.findRequests({ states: ['approved', 'running'], limit: 1000 })).reverse();
  }

  /**
   * Settles a request whose run stopped with its process: the tenant is read back and decides
   * (src/domain/requests/interrupted-run.ts); the change is never run again.
   */
  async settleInterrupted(requestId: number, executor: Actor = SYSTEM_ACTOR): Promise<VoiceRequest> {
    const request = await this.reload(requestId);
    if (request.state !== 'running') return request;
    if (request.operation === BULK_CHANGE) return this.bulkExecution().settleInterrupted(requestId, executor);
    const { state, result } = await settleInterruptedRun(request, this.operationOf(request), this.deps.executor);
    await this.deps.store.transition(
      request.id,
      ['running'],
      state,
      this.auditEntry(request, executor, 'ChangeVerified', result.succeeded ? 'Succeeded' : 'Failed', {
        reconciled: true,
        verified: result.verified,
        mismatches: result.mismatches,
        message: result.message,
      }),
      { result },
    );
    return this.reload(request.id);
  }

  /**
   * `undo N`: a new request, approved like any other, of the operation that restores the state request N read just
   * before it ran. Only succeeded changes of reversible operations qualify.
   */
  async undo(actor: Actor, requestId: number, originConversationId: string): Promise<UndoOutcome> {
    const original = await this.get(requestId);
    const operation = this.operationOf(original);
    if (!operation.undo) {
      throw new UserError('NOT_UNDOABLE', msg('error.notUndoable', { id: requestId, command: operation.syntax.phrase }));
    }
    if (original.state !== 'succeeded') {
      throw new UserError('NOT_UNDOABLE', msg('error.undoNotSucceeded', { id: requestId, state: stateMessage(original.state) }));
    }
    const prior = original.result?.prior;
    if (prior === undefined) {
      throw new UserError('NOT_UNDOABLE', msg('error.undoNoPrior', { id: requestId }));
    }
    const plan = operation.undo(prior, original.parameters);
    const restoring = plan && findOperation(plan.operation);
    if (!plan || !restoring) {
      throw new UserError('NOT_UNDOABLE', msg('error.undoNotRestorable', { id: requestId }));
    }
    const outcome = await this.file(actor, restoring, plan.parameters, originConversationId);
    return { ...outcome, operation: restoring, undoes: requestId };
  }

  // A change whose process died may or may not have landed: the read-back decides, never a re-run.
  private async verifyAfterChange(request: VoiceRequest, operation: Operation, executor: Actor, ranCleanly: boolean, prior: unknown): Promise<VoiceRequest> {
    const readBack = await this.deps.executor.invoke(operation.readState(request.parameters));
    if (!readBack.ok) {
      return this.finish(request, executor, ranCleanly ? 'failed' : 'unknown', 'ChangeVerified', {
        succeeded: false,
        verified: false,
        ...resultText(msg('result.readBackFailed', { detail: readBack.error.message })),
        after: request.before,
        mismatches: [],
        prior,
      });
    }
    const verification = operation.verify(readBack.output, request.parameters);
    const after = operation.compare(readBack.output, request.parameters);
    if (verification.verified) {
      return this.finish(request, executor, 'succeeded', 'ChangeVerified', {
        succeeded: true,
        verified: true,
        ...resultText(msg('result.verified')),
        after,
        mismatches: [],
        prior,
      });
    }
    return this.finish(request, executor, ranCleanly ? 'failed' : 'unknown', 'ChangeVerified', {
      succeeded: false,
      verified: false,
      ...resultText(msg('result.readBackDiffers', { properties: verification.mismatches.join(', ') })),
      after,
      mismatches: verification.mismatches,
      prior,
    });
  }

  private async finish(
    request: VoiceRequest,
    executor: Actor,
    state: 'succeeded' | 'failed' | 'unknown',
    operationName: AuditOperation,
    result: RequestResult,
  ): Promise<VoiceRequest> {
    await this.deps.store.transition(
      request.id,
      ['running'],
      state,
      this.auditEntry(request, executor, operationName, result.succeeded ? 'Succeeded' : 'Failed', {
        verified: result.verified,
        mismatches: result.mismatches,
        message: result.message,
      }),
      { result },
    );
    return this.reload(request.id);
  }

  /** Request N, or the user-facing "no request #N". */
  async get(requestId: number): Promise<VoiceRequest> {
    const request = await this.deps.store.getRequest(requestId);
    if (!request) throw new UserError('REQUEST_NOT_FOUND', msg('error.requestNotFound', { id: requestId }));
    return request;
  }

  async status(requestId: number): Promise<{ request: VoiceRequest; votes: Vote[] }> {
    return { request: await this.get(requestId), votes: await this.deps.store.votes(requestId) };
  }

  async recentRequests(actor: Actor, limit = 5): Promise<VoiceRequest[]> {
    return this.deps.store.listRequestsByRequester(actor.objectId, limit);
  }

  private bulkExecution(): BulkExecution {
    return new BulkExecution({ store: this.deps.store, executor: this.deps.executor, concurrency: this.deps.bulk?.concurrency ?? 1 });
  }

  operationOf(request: VoiceRequest): Operation {
    const operation = findOperation(request.operation);
    if (!operation) throw new Error(`request #${request.id} names unknown operation ${request.operation}`);
    return operation;
  }

  private async reload(id: number): Promise<VoiceRequest> {
    return (await this.deps.store.getRequest(id)) as VoiceRequest;
  }

  /** The request's parameters with the tenant settings the operation depends on, so the request hash covers them. */
  private withSettings(operation: Operation, params: OperationParameters): OperationParameters {
    return withTenantSettings(operation, params, this.deps.voicePath);
  }

  private async readState(operation: Operation, params: OperationParameters, read = operation.readState): Promise<unknown> {
    const outcome = await this.deps.executor.invoke(read(params));
    if (outcome.ok) return outcome.output;
    if (outcome.error.kind === 'NotFound') {
      throw new UserError('TENANT_USER_NOT_FOUND', msg('error.tenantUserNotFound', { user: String(operation.targetUser(params)) }));
    }
    throw new UserError('TENANT_UNAVAILABLE', msg('error.tenantUnavailable', { detail: outcome.error.message }));
  }

  // Fail closed: when the audit record cannot be written the step did not happen, and the user hears so.
  private async withAudit<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (isUserError(error)) throw error;
      throw new UserError('AUDIT_UNAVAILABLE', msg('error.auditUnavailable'));
    }
  }

  private auditEntry(request: VoiceRequest, actor: Actor, operation: AuditOperation, resultStatus: AuditResultStatus, extra: Record<string, unknown>): AuditEntry {
    return {
      operation,
      userId: actor.name,
      actorObjectId: actor.objectId,
      objectId: subjectOf(this.operationOf(request), request.parameters),
      parameters: { operation: request.operation, ...request.parameters, ...extra },
      resultStatus,
      tenantId: request.tenantId,
      requestId: request.id,
      requestHash: request.requestHash,
    };
  }
}

/** The executor acts as itself in the audit trail, after the approvals that allowed it. */
export const SYSTEM_ACTOR: Actor = { objectId: 'voiceops-executor', name: 'voiceops executor' };

/** The same for a reply: the user as written, or what a tenant-wide operation changes in the reader's words. */
export function subjectMessage(operation: Operation, params: OperationParameters): MessageParam {
  const user = operation.targetUser(params);
  if (user !== undefined) return String(user);
  return operation.subjectText?.(params) ?? String(operation.subject?.(params) ?? '');
}

/** The user a request acts on, or for tenant-wide operations what they change. */
export function subjectOf(operation: Operation, params: OperationParameters): string {
  return String(operation.targetUser(params) ?? operation.subject?.(params) ?? '');
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

/** Rows of a prior state, or undefined when the record is not what the operation expects. */
function safeCompare(operation: Operation, state: unknown, params: OperationParameters): StateRow[] | undefined {
  try {
    return operation.compare(state, params);
  } catch {
    return undefined;
  }
}

function normalisedTarget(operation: Operation, params: OperationParameters): string | null {
  const target = operation.targetUser(params);
  return target ? String(target).toLowerCase() : null;
}

function targetObjectIdOf(state: unknown): string | null {
  const id = (state as { ObjectId?: unknown } | null)?.ObjectId;
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function describeOutcome(outcome: PowerShellOutcome): Record<string, unknown> {
  return outcome.ok
    ? { durationMs: outcome.durationMs }
    : { durationMs: outcome.durationMs, errorKind: outcome.error.kind, error: outcome.error.message };
}

/** A result's words: the catalog message (rendered per reader later) and its English text for the audit trail. */
function resultText(text: Message): { message: string; text: Message } {
  return { message: englishText(text), text };
}
