import { msg, type Message } from '../../i18n/message';
import { englishText } from '../../i18n/translator';
import type { Executor } from '../../ports/executor';
import type { Operation, StateRow } from '../operations/operation';
import type { RequestResult, VoiceRequest } from './request';

export interface InterruptedRunSettlement {
  state: 'succeeded' | 'failed' | 'unknown';
  result: RequestResult;
}

/**
 * What became of a change whose process stopped mid-run (a worker or the embedded bot killed, its host lost). The
 * change may or may not have landed, so it is never run again: the tenant is read back and the read-back decides.
 * Verified → succeeded; still exactly as at filing → failed; partly changed, or an unreadable tenant → unknown, for
 * a person. A bulk run is read back row by row instead (BulkExecution.settleInterrupted).
 */
export async function settleInterruptedRun(request: VoiceRequest, operation: Operation, executor: Executor): Promise<InterruptedRunSettlement> {
  const unsure = (text: Message, after: readonly StateRow[] = request.before, mismatches: string[] = []): InterruptedRunSettlement => ({
    state: 'unknown',
    result: { succeeded: false, verified: false, message: englishText(text), text, after: [...after], mismatches },
  });
  const readBack = await executor.invoke(operation.readState(request.parameters));
  if (!readBack.ok) return unsure(msg('result.interruptedReadFailed', { detail: readBack.error.message }));
  const verification = operation.verify(readBack.output, request.parameters);
  const after = operation.compare(readBack.output, request.parameters);
  if (verification.verified) {
    const text = msg('result.interruptedLanded');
    return { state: 'succeeded', result: { succeeded: true, verified: true, message: englishText(text), text, after, mismatches: [] } };
  }
  if (sameCurrentValues(after, request.before)) {
    const text = msg('result.interruptedUnchanged');
    return {
      state: 'failed',
      result: { succeeded: false, verified: false, message: englishText(text), text, after, mismatches: verification.mismatches },
    };
  }
  return unsure(msg('result.interruptedPartly', { properties: verification.mismatches.join(', ') }), after, verification.mismatches);
}

function sameCurrentValues(a: readonly StateRow[], b: readonly StateRow[]): boolean {
  const before = new Map(b.map((row) => [row.property, row.current]));
  return a.length === b.length && a.every((row) => before.get(row.property) === row.current);
}
