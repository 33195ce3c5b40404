import type { AuditEntry } from '../domain/audit/audit-record';
import { BULK_CHANGE } from '../domain/bulk/bulk-change';
import { BulkExecution } from '../domain/bulk/bulk-execution';
import { findOperation } from '../domain/operations/catalog';
import { settleInterruptedRun } from '../domain/requests/interrupted-run';
import { FINAL_STATES, type RequestResult, type VoiceRequest } from '../domain/requests/request';
import { SYSTEM_ACTOR } from '../domain/requests/request-service';
import type { PostgresJobQueue, ClaimedJob } from '../adapters/postgres/job-queue';
import type { PostgresStore } from '../adapters/postgres/postgres-store';
import type { Executor } from '../ports/executor';

/**
 * Settles a job whose worker vanished while the change was started. It never runs the change again: it reads the
 * user back and decides. Verified → succeeded; still exactly as before → failed (the change did not land);
 * anything else, or an unreadable tenant → the request stays `unknown` and the job needs a human. A bulk job is read
 * back row by row: rows as requested are done, the others are reported not done, to be sent again.
 */
export class Reconciler {
  constructor(
    private readonly deps: { store: PostgresStore; queue: PostgresJobQueue; executor: Executor; workerName: string },
  ) {}

  async reconcile(job: ClaimedJob): Promise<'succeeded' | 'failed' | 'unknown' | 'already-final'> {
    const request = await this.deps.store.getRequest(job.requestId);
    if (!request) throw new Error(`job ${job.id} names missing request #${job.requestId}`);
    if (FINAL_STATES.includes(request.state)) {
      // The worker recorded the outcome but died before closing the job.
      await this.deps.queue.finish(job, request.state === 'unknown' ? 'needs-human' : 'done', request.state);
      return 'already-final';
    }
    const fenced = this.deps.store.fencedBy(job);
    if (request.operation === BULK_CHANGE) {
      const bulk = new BulkExecution({ store: fenced, executor: this.deps.executor, concurrency: 1 });
      const settled = await bulk.settleInterrupted(request.id, { objectId: SYSTEM_ACTOR.objectId, name: this.deps.workerName }, ['approved', 'running']);
      await this.deps.queue.finish(job, 'done', settled.state);
      return settled.state === 'succeeded' ? 'succeeded' : 'failed';
    }
    const operation = findOperation(request.operation);
    if (!operation) throw new Error(`request #${request.id} names unknown operation ${request.operation}`);
    const settlement = await settleInterruptedRun(request, operation, this.deps.executor);
    await fenced.transition(request.id, ['approved', 'running'], settlement.state, this.auditEntry(request, settlement.result), {
      result: settlement.result,
    });
    await this.deps.queue.finish(job, settlement.state === 'unknown' ? 'needs-human' : 'done', settlement.state);
    return settlement.state;
  }

  private auditEntry(request: VoiceRequest, result: RequestResult): AuditEntry {
    const operation = findOperation(request.operation);
    return {
      operation: 'ChangeVerified',
      userId: this.deps.workerName,
      actorObjectId: 'voiceops-executor',
      objectId: String(operation?.targetUser(request.parameters) ?? ''),
      parameters: {
        operation: request.operation,
        ...request.parameters,
        reconciled: true,
        verified: result.verified,
        mismatches: result.mismatches,
        message: result.message,
      },
      resultStatus: result.succeeded ? 'Succeeded' : 'Failed',
      tenantId: request.tenantId,
      requestId: request.id,
      requestHash: request.requestHash,
    };
  }
}
