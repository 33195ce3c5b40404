import { voiceStateCard, voiceStateText } from '../cards/voice-state-view';
import type { Operation } from '../domain/operations/operation';
import { subjectMessage, type RequestService } from '../domain/requests/request-service';
import type { CommandHandler } from '../bot/turn';

/** A read-only operation: answered at once from the tenant, no request, no approval. */
export function checkCommand(operation: Operation, requests: RequestService): CommandHandler {
  return async (turn, values) => {
    const rows = await requests.check(turn.actor, operation, values);
    const subject = turn.t.text(subjectMessage(operation, values));
    await turn.reply(voiceStateText(turn.t, subject, rows), voiceStateCard(turn.t, subject, rows, operation.preview(values)));
  };
}
