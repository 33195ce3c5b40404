import { requestCard } from '../cards/request-view';
import type { AdaptiveCard } from '../cards/render-card';
import { UserError } from '../domain/errors';
import type { Actor, Vote } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { DecisionFlow } from './decision-flow';

export type CardActionResult = { card: AdaptiveCard } | { message: string };
export type CardActionHandler = (actor: Actor, data: Record<string, unknown>) => Promise<CardActionResult>;

/**
 * Approve / Reject buttons. The card carries only the request id and its nonce; everything else,
 * including who may decide, comes from the store.
 */
export function decideAction(decision: Vote['decision'], flow: DecisionFlow, requests: RequestService): CardActionHandler {
  return async (actor, data) => {
    const requestId = Number(data.requestId);
    const nonce = typeof data.nonce === 'string' ? data.nonce : '';
    if (!Number.isInteger(requestId) || requestId < 1 || nonce === '') {
      throw new UserError('STALE_CARD', 'This card is missing its request reference; type status <number> instead.');
    }
    const comment = typeof data.comment === 'string' && data.comment.trim() ? data.comment.trim().slice(0, 500) : undefined;
    const { request } = await flow.decide(actor, requestId, decision, { nonce, comment });
    const votes = (await requests.status(request.id)).votes;
    return { card: requestCard(request, requests.operationOf(request), votes, { forApprovers: true }) };
  };
}
