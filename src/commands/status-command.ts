import type { Message } from '../i18n/message';
import { countedApprovals, requestSummary, resultMessage } from '../cards/request-view';
import { statusCard } from '../cards/status-view';
import { replyLines } from '../cards/reply-lines';
import type { VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { RequestNotifier } from '../bot/request-notifier';
import type { CommandHandler, Turn } from '../bot/turn';

/** `status N`: one request, as the asker's own view of its card; `status` or `my requests`: the asker's latest. */
export function statusCommand(requests: RequestService, notifier: RequestNotifier, more: (request: VoiceRequest) => Message | string | undefined = () => undefined): CommandHandler {
  return async (turn, values) => {
    if (typeof values.request === 'number') {
      const { request, votes } = await requests.status(values.request);
      const operation = requests.operationOf(request);
      const { t } = turn;
      const summary = requestSummary(t, request, operation, countedApprovals(request, votes));
      const more_ = more(request);
      const extra = more_ === undefined ? undefined : t.text(more_);
      const result = [resultMessage(t, request), extra].filter(Boolean).join(' ');
      await turn.reply(result ? t.t('status.withResult', { summary, result }) : t.t('status.plain', { summary }), await notifier.cardFor(t, turn.actor, request));
      return;
    }
    await replyWithList(turn, requests, await requests.recentRequests(turn.actor, 5), turn.t.t('status.latestTitle'), turn.t.t('status.noneYet'));
  };
}

/** `pending`: what is waiting for this person's decision. */
export function pendingCommand(requests: RequestService): CommandHandler {
  return async (turn) => {
    await replyWithList(turn, requests, await requests.pendingFor(turn.actor), turn.t.t('pending.title'), turn.t.t('pending.none'));
  };
}

/** `history <upn>`: the latest requests about one user. */
export function historyCommand(requests: RequestService): CommandHandler {
  return async (turn, values) => {
    const user = String(values.user);
    await replyWithList(turn, requests, await requests.history(user, 10), turn.t.t('history.title', { user }), turn.t.t('history.none', { user }));
  };
}

/** A short text answer first (it is what a phone notification shows), then a compact card. */
async function replyWithList(turn: Turn, requests: RequestService, list: VoiceRequest[], title: string, empty: string): Promise<void> {
  if (list.length === 0) {
    await turn.reply(empty);
    return;
  }
  const items = list.map((request) => ({ request, operation: requests.operationOf(request) }));
  await turn.reply(replyLines(items.map(({ request, operation }) => requestSummary(turn.t, request, operation))), statusCard(turn.t, title, items));
}
