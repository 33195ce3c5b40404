import { requestHeadline, stateLabel } from '../cards/request-view';
import { msg } from '../i18n/message';
import { statusCard } from '../cards/status-view';
import { UserError } from '../domain/errors';
import type { Operation } from '../domain/operations/operation';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { RequestState, VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { RequestSearch } from '../bot/voiceops-bot';

const STATES: readonly RequestState[] = ['pending', 'approved', 'queued', 'running', 'succeeded', 'failed', 'unknown', 'rejected', 'expired', 'cancelled'];

/** What the compose-box text asks for: `42` or `#42`, a UPN, a state word, or nothing (the latest). */
export function parseSearch(text: string): { id?: number; targetUser?: string; states?: RequestState[] } {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const query: { id?: number; targetUser?: string; states?: RequestState[] } = {};
  for (const word of words) {
    const id = /^#?([1-9]\d{0,9})$/.exec(word);
    if (id) query.id = Number(id[1]);
    else if (word.includes('@')) query.targetUser = word;
    else if ((STATES as readonly string[]).includes(word)) query.states = [...(query.states ?? []), word as RequestState];
  }
  return query;
}

/** The message-extension search: people the policy names may look requests up; nobody else. */
export function searchRequests(requests: RequestService, policy: ApprovalPolicy, operations: readonly Operation[]): RequestSearch {
  return async (actor, text, t) => {
    if (!(await policy.mayView(actor, operations))) {
      throw new UserError('NOT_AUTHORIZED', msg('error.searchNotAuthorized'));
    }
    const query = parseSearch(text);
    let found: VoiceRequest[];
    if (query.id !== undefined) {
      const one = await requests.get(query.id).catch(() => undefined);
      found = one ? [one] : [];
    } else {
      found = await requests.find({ states: query.states, targetUser: query.targetUser }, 10);
    }
    return found.map((request) => {
      const operation = requests.operationOf(request);
      return {
        title: t.t('search.hitTitle', { id: String(request.id), what: requestHeadline(t, request, operation) }),
        text: t.t('search.hitText', { state: stateLabel(t, request.state), requester: request.requester.name }),
        card: statusCard(t, t.t('search.cardTitle', { id: String(request.id) }), [{ request, operation }]),
      };
    });
  };
}

