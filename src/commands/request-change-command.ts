import { voiceStateText } from '../cards/voice-state-view';
import type { Operation } from '../domain/operations/operation';
import type { RequestService } from '../domain/requests/request-service';
import type { RequestNotifier } from '../bot/request-notifier';
import type { CommandHandler } from '../bot/turn';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';

/** A change: filed as a request, answered with its card, and sent to the approvers. */
export function requestChangeCommand(
  operation: Operation,
  deps: { requests: RequestService; notifier: RequestNotifier; policy: ApprovalPolicy },
): CommandHandler {
  return async (turn, values) => {
    const outcome = await deps.requests.file(turn.actor, operation, values, turn.conversationId);
    if (outcome.kind === 'already-done') {
      const user = String(operation.targetUser(values));
      await turn.reply(`Nothing to do: ${voiceStateText(user, outcome.rows)}. No request was filed.`);
      return;
    }
    const { request } = outcome;
    const approversHere = deps.policy.approvalConversation(turn.conversationId) === turn.conversationId;
    if (approversHere) {
      // The approvers read this conversation: one card serves both, so only one copy needs updating.
      await turn.reply(`Request #${request.id} filed and waiting for approval. I'll tell you when it has run.`);
      await deps.notifier.postApprovalCard(request);
      return;
    }
    await deps.notifier.postApprovalCard(request);
    const card = await deps.notifier.card(request, 'requester');
    const activityId = await turn.reply(`Request #${request.id} filed and sent to the approvers.`, card);
    if (activityId) await deps.notifier.rememberRequesterCopy(request.id, turn.conversationId, activityId);
  };
}
