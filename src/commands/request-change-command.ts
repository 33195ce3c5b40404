import { voiceStateText } from '../cards/voice-state-view';
import type { Operation } from '../domain/operations/operation';
import { subjectMessage, type FileOutcome, type RequestService } from '../domain/requests/request-service';
import type { RequestNotifier } from '../bot/request-notifier';
import type { CommandHandler, Turn } from '../bot/turn';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { VoiceRequest } from '../domain/requests/request';
import { stateMessage } from '../i18n/state-message';
import type { Translator } from '../i18n/translator';

export interface RequestChangeDeps {
  requests: RequestService;
  notifier: RequestNotifier;
  policy: ApprovalPolicy;
}

/** A change: filed as a request, answered with its card, and sent to the approvers. */
export function requestChangeCommand(operation: Operation, deps: RequestChangeDeps): CommandHandler {
  return async (turn, values) => {
    const outcome = await deps.requests.file(turn.actor, operation, values, turn.conversationId);
    await replyToFiling(turn, outcome, deps, turn.t.text(subjectMessage(operation, values)));
  };
}

/** Tells the requester what filing did, and puts the card in front of the approvers. */
export async function replyToFiling(
  turn: Turn,
  outcome: FileOutcome,
  deps: RequestChangeDeps,
  subject: string,
  lead = '',
): Promise<void> {
  const { t } = turn;
  if (outcome.kind === 'already-done') {
    await turn.reply(t.t('filing.nothingToDo', { lead, state: voiceStateText(t, subject, outcome.rows) }));
    return;
  }
  if (outcome.kind === 'already-requested') {
    await turn.reply(alreadyRequestedText(t, outcome.request, lead));
    return;
  }
  const { request } = outcome;
  const approversHere = deps.policy.approvalConversation(turn.conversationId) === turn.conversationId;
  if (approversHere) {
    // The approvers read this conversation: one message, the answer with the approval card, serves both.
    await deps.notifier.answerWithApprovalCard(request, { t, text: t.t('filing.filedHere', { lead, id: String(request.id) }), reply: (text, card) => turn.reply(text, card) });
    return;
  }
  const posted = await deps.notifier.postApprovalAndRequesterCards(request, {
    t,
    conversationId: turn.conversationId,
    send: (card) => turn.reply(t.t('filing.filedSent', { lead, id: String(request.id) }), card),
  });
  if ('approversNotReached' in posted) await turn.reply(deps.notifier.approversNotReachedText(t, request));
}

/** Points at the open request that already asks for the same change; no second card goes to the approvers. */
export function alreadyRequestedText(t: Translator, request: VoiceRequest, lead = ''): string {
  return t.t('filing.alreadyRequested', { lead, id: String(request.id), state: t.text(stateMessage(request.state)), requester: request.requester.name });
}
