import { requestCard, requestSummary } from '../cards/request-view';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { Store } from '../ports/store';
import type { Messenger } from './messenger';

/** Keeps every copy of a request's card and its requester up to date. */
export class RequestNotifier {
  constructor(
    private readonly deps: { store: Store; messenger: Messenger; requests: RequestService; policy: ApprovalPolicy },
  ) {}

  /** Posts the approval card to the approvers' conversation and remembers the copy. */
  async postApprovalCard(request: VoiceRequest): Promise<void> {
    const conversationId = this.deps.policy.approvalConversation(request.originConversationId);
    const card = requestCard(request, this.deps.requests.operationOf(request), [], { forApprovers: true });
    const activityId = await this.deps.messenger.send(
      conversationId,
      `Approval needed: request #${request.id} from ${request.requester.name}.`,
      card,
    );
    if (activityId) await this.deps.store.addCardCopy(request.id, { conversationId, activityId, audience: 'approvers' });
  }

  async rememberRequesterCopy(requestId: number, conversationId: string, activityId: string): Promise<void> {
    await this.deps.store.addCardCopy(requestId, { conversationId, activityId, audience: 'requester' });
  }

  /** Updates every stored copy in place, so no stale Approve button survives a decision. */
  async refreshCards(request: VoiceRequest): Promise<void> {
    const votes = await this.deps.store.votes(request.id);
    const operation = this.deps.requests.operationOf(request);
    for (const copy of await this.deps.store.cardCopies(request.id)) {
      const card = requestCard(request, operation, votes, { forApprovers: copy.audience === 'approvers' });
      await this.deps.messenger.updateCard(copy.conversationId, copy.activityId, card);
    }
  }

  async tellRequester(request: VoiceRequest): Promise<void> {
    const operation = this.deps.requests.operationOf(request);
    const outcome = request.result ? ` ${request.result.message}` : '';
    await this.deps.messenger.send(request.originConversationId, `${requestSummary(request, operation)}.${outcome}`);
  }
}
