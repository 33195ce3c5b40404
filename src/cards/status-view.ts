import type { Operation } from '../domain/operations/operation';
import type { VoiceRequest } from '../domain/requests/request';
import { renderCard, type AdaptiveCard } from './render-card';
import { requestSummary, stateColor, stateLabel } from './request-view';

/** A compact list for phones: one row per request. */
export function statusCard(title: string, requests: { request: VoiceRequest; operation: Operation }[]): AdaptiveCard {
  return renderCard('status-card', {
    title,
    items: requests.map(({ request, operation }) => ({
      id: request.id,
      summary: `${operation.syntax.phrase} ${operation.targetUser(request.parameters) ?? ''}`,
      state: stateLabel(request.state),
      color: stateColor(request.state),
    })),
    footnote: 'Type status <number> for one request.',
    fallbackText: requests.map(({ request, operation }) => requestSummary(request, operation)).join('\n'),
  });
}
