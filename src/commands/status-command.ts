import { requestCard, requestSummary } from '../cards/request-view';
import { statusCard } from '../cards/status-view';
import type { RequestService } from '../domain/requests/request-service';
import type { CommandHandler } from '../bot/turn';

/** `status N`: one request; `status` or `my requests`: the asker's latest. Text first, then a small card. */
export function statusCommand(requests: RequestService): CommandHandler {
  return async (turn, values) => {
    if (typeof values.request === 'number') {
      const { request, votes } = await requests.status(values.request);
      const operation = requests.operationOf(request);
      const approvals = votes.filter((v) => v.decision === 'approve').length;
      const detail = request.result ? ` ${request.result.message}` : '';
      await turn.reply(`${requestSummary(request, operation, approvals)}.${detail}`, requestCard(request, operation, votes, { forApprovers: false }));
      return;
    }
    const latest = await requests.recentRequests(turn.actor, 5);
    if (latest.length === 0) {
      await turn.reply('You have no requests yet. Try help to see what you can ask for.');
      return;
    }
    const items = latest.map((request) => ({ request, operation: requests.operationOf(request) }));
    await turn.reply(
      items.map(({ request, operation }) => requestSummary(request, operation)).join('\n\n'),
      statusCard('Your latest requests', items),
    );
  };
}
