import type { AuditEntry } from '../domain/audit/audit-record';
import { findOperation } from '../domain/operations/catalog';
import { FINAL_STATES, type RequestResult, type VoiceRequest } from '../domain/requests/request';
import type { PostgresJobQueue, ClaimedJob } from '../adapters/postgres/job-queue';
import type { PostgresStore } from '../adapters/postgres/postgres-store';
import type { Executor } from '../ports/executor';

export type Settlement = 'succeeded' | 'failed' | 'unknown';

/**
 * Settles a job whose worker vanished while the change was started. It never runs the change again: it reads the
 * user back and decides. Verified → succeeded; still exactly as before → failed (the change did not land);
 * anything else, or an unreadable tenant → the request stays `unknown` and the job needs a human.
 */
export class Reconciler {
  constructor(
    private readonly deps: { store: PostgresStore; queue: PostgresJobQueue; executor: Executor; workerName: string },
  ) {}

  async reconcile(job: ClaimedJob): Promise<Settlement | 'already-final'> {
    const request = await this.deps.store.getRequest(job.requestId);
    if (!request) throw new Error(`job ${job.id} names missing request #${job.requestId}`);
    if (FINAL_STATES.includes(request.state)) {
      // The worker recorded the outcome but died before closing the job.
      await this.deps.queue.finish(job, request.state === 'unknown' ? 'needs-human' : 'done', request.state);
      return 'already-final';
    }
    const settlement = await this.readBack(request);
    const fenced = this.deps.store.fencedBy(job);
    await fenced.transition(request.id, ['approved', 'running'], settlement.state, this.auditEntry(request, settlement.result), {
      result: settlement.result,
    });
    await this.deps.queue.finish(job, settlement.state === 'unknown' ? 'needs-human' : 'done', settlement.state);
    return settlement.state;
  }

  private async readBack(request: VoiceRequest): Promise<{ state: Settlement; result: RequestResult }> {
    const operation = findOperation(request.operation);
    if (!operation) throw new Error(`request #${request.id} names unknown operation ${request.operation}`);
    const outcome = await this.deps.executor.invoke(operation.readState(request.parameters));
    const unsure = (message: string, after = request.before, mismatches: string[] = []) => ({
      state: 'unknown' as const,
      result: { succeeded: false, verified: false, message, after, mismatches },
    });
    if (!outcome.ok) {
      return unsure(`The worker running this change stopped, and reading the user back failed (${outcome.error.message}). A person must check the tenant; nothing was re-run.`);
    }
    const verification = operation.verify(outcome.output, request.parameters);
    const after = operation.compare(outcome.output, request.parameters);
    if (verification.verified) {
      return {
        state: 'succeeded',
        result: { succeeded: true, verified: true, message: 'The worker stopped mid-change; reading the user back shows the change landed.', after, mismatches: [] },
      };
    }
    if (sameCurrentValues(after, request.before)) {
      return {
        state: 'failed',
        result: {
          succeeded: false,
          verified: false,
          message: 'The worker stopped mid-change; reading the user back shows nothing changed. It was not re-run: request it again if it is still needed.',
          after,
          mismatches: verification.mismatches,
        },
      };
    }
    return unsure(
      `The worker stopped mid-change and the user is now partly changed (${verification.mismatches.join(', ')}). A person must check; nothing was re-run.`,
      after,
      verification.mismatches,
    );
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

function sameCurrentValues(a: readonly { property: string; current: string }[], b: readonly { property: string; current: string }[]): boolean {
  const before = new Map(b.map((row) => [row.property, row.current]));
  return a.length === b.length && a.every((row) => before.get(row.property) === row.current);
}
