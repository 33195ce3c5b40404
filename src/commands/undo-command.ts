import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { CommandHandler, Turn } from '../bot/turn';
import { isBulk } from '../domain/bulk/bulk-change';
import type { VoiceRequest } from '../domain/requests/request';
import { subjectMessage } from '../domain/requests/request-service';
import { replyToFiling, type RequestChangeDeps } from './request-change-command';

export const UNDO: CommandSyntax = {
  name: 'undo',
  phrase: 'undo',
  args: [{ name: 'request', type: 'requestNumber', required: true, label: 'the number of the request to undo' }],
  summary: 'File a request that puts back what a succeeded change, or the rows a bulk request changed, replaced (approved like any other).',
  example: 'undo 42',
};

/** `undo N`: files the restoring request through the same approval path as any change; a bulk request's goes to `bulkUndo`. */
export function undoCommand(deps: RequestChangeDeps, bulkUndo?: (turn: Turn, original: VoiceRequest) => Promise<void>): CommandHandler {
  return async (turn, values) => {
    const undoes = Number(values.request);
    if (bulkUndo) {
      const original = await deps.requests.get(undoes);
      if (isBulk(original)) return bulkUndo(turn, original);
    }
    const outcome = await deps.requests.undo(turn.actor, undoes, turn.conversationId);
    const subject = outcome.kind === 'filed' ? turn.t.text(subjectMessage(outcome.operation, outcome.request.parameters)) : turn.t.t('undo.subject', { id: String(undoes) });
    await replyToFiling(turn, outcome, deps, subject, turn.t.t('undo.lead', { id: String(undoes), command: outcome.operation.syntax.phrase }));
  };
}
