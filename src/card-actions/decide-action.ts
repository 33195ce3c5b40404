import type { RequestNotifier } from '../bot/request-notifier';
import { msg } from '../i18n/message';
import type { AdaptiveCard } from '../cards/render-card';
import type { Translator } from '../i18n/translator';
import { isUserError, UserError } from '../domain/errors';
import type { Actor } from '../domain/requests/request';
import type { Decision, RequestService } from '../domain/requests/request-service';
import type { DecisionFlow } from './decision-flow';

export type CardActionResult = { card: AdaptiveCard } | { message: string };
/** Where the invoke came from; handlers that file requests need the conversation. */
export interface InvokeContext {
  conversationId: string;
  /** The clicker's language (from the invoke activity): answers and cards are rendered with it. */
  t: Translator;
}
export type CardActionHandler = (actor: Actor, data: Record<string, unknown>, context: InvokeContext) => Promise<CardActionResult>;

/** The request reference every card action carries; everything else comes from the store. */
export function cardReference(data: Record<string, unknown>): { requestId: number; nonce: string } {
  const requestId = Number(data.requestId);
  const nonce = typeof data.nonce === 'string' ? data.nonce : '';
  if (!Number.isInteger(requestId) || requestId < 1 || nonce === '') {
    throw new UserError('STALE_CARD', msg('error.staleCardNoReference'));
  }
  return { requestId, nonce };
}

/**
 * Approve / Reject / Cancel buttons. The answer is the clicker's own view of the card. When the request
 * has moved on (expired, decided by someone else) the answer is the card that says so.
 */
export function decideAction(decision: Decision, flow: DecisionFlow, notifier: RequestNotifier, requests: RequestService): CardActionHandler {
  return async (actor, data, { t }) => {
    const { requestId, nonce } = cardReference(data);
    const comment = typeof data.comment === 'string' && data.comment.trim() ? data.comment.trim().slice(0, 500) : undefined;
    try {
      const { request } = await flow.decide(actor, requestId, decision, { nonce, comment });
      return { card: await notifier.cardFor(t, actor, request) };
    } catch (error) {
      if (isUserError(error) && (error.code === 'REQUEST_EXPIRED' || error.code === 'REQUEST_NOT_PENDING')) {
        return { card: await notifier.cardFor(t, actor, (await requests.status(requestId)).request) };
      }
      throw error;
    }
  };
}

/** Universal Actions refresh (trigger "automatic"): the viewer's own card, changing nothing. */
export function refreshAction(requests: RequestService, notifier: RequestNotifier): CardActionHandler {
  return async (actor, data, { t }) => {
    const { requestId, nonce } = cardReference(data);
    const { request } = await requests.status(requestId);
    if (request.nonce !== nonce) {
      throw new UserError('STALE_CARD', msg('error.staleCard', { id: requestId }));
    }
    return { card: await notifier.cardFor(t, actor, request) };
  };
}
