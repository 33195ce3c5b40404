import type { Operation } from '../domain/operations/operation';
import type { VoiceRequest } from '../domain/requests/request';
import type { Translator } from '../i18n/translator';
import { renderCard, type AdaptiveCard } from './render-card';
import { requestHeadline, requestSummary, stateColor, stateLabel } from './request-view';

/** A compact list for phones: one row per request. */
export function statusCard(t: Translator, title: string, requests: { request: VoiceRequest; operation: Operation }[]): AdaptiveCard {
  return renderCard('status-card', {
    title,
    items: requests.map(({ request, operation }) => ({
      id: request.id,
      summary: t.t('card.status.itemSummary', { what: requestHeadline(t, request, operation) }),
      state: stateLabel(t, request.state),
      color: stateColor(request.state),
    })),
    footnote: t.t('card.status.footnote'),
    fallbackText: requests.map(({ request, operation }) => requestSummary(t, request, operation)).join('\n'),
  });
}
