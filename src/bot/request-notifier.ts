import { requestCard, requestSummary, type CardView } from '../cards/request-view';
import type { AdaptiveCard } from '../cards/render-card';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { Actor, VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { Store } from '../ports/store';
import type { Messenger } from './messenger';

/** Keeps every copy of a request's card and its requester up to date. */
export class RequestNotifier {
  constructor(
    private readonly deps: {
      store: Store;
      messenger: Messenger;
      requests: RequestService;
      policy: ApprovalPolicy;
      /** Extra lines for the requester about a finished request (bulk: the outcomes download link). */
      followUp?: (request: VoiceRequest) => string | undefined;
      /** Told of every request that reached its final state (runbook steps follow their requests). */
      onFinished?: (request: VoiceRequest) => Promise<void>;
    },
  ) {}

  /** The card as one view shows it, with the current votes and the refresh audience. */
  async card(request: VoiceRequest, view: CardView, progress?: string): Promise<AdaptiveCard> {
    const operation = this.deps.requests.operationOf(request);
    const votes = await this.deps.store.votes(request.id);
    return requestCard(request, operation, votes, { view, audience: this.deps.policy.audience(request, operation), progress });
  }

  /** The card as this person should see it (the answer to a refresh or a click). */
  async cardFor(actor: Actor, request: VoiceRequest): Promise<AdaptiveCard> {
    const viewer = await this.deps.policy.viewerOf(actor, request, this.deps.requests.operationOf(request));
    return this.card(request, viewer);
  }

  /** Posts the approval card to the approvers' conversation and remembers the copy. */
  async postApprovalCard(request: VoiceRequest): Promise<void> {
    await this.postShared(request, `Approval needed: request #${request.id} from ${request.requester.name}.`);
  }

  /** A reminder is a fresh copy of the card in the approvers' conversation, kept up to date like the others. */
  async remind(request: VoiceRequest): Promise<void> {
    await this.postShared(
      request,
      `Reminder: request #${request.id} from ${request.requester.name} expires at ${request.expiresAt.replace('T', ' ').slice(0, 16)} UTC. Type approve ${request.id} or reject ${request.id} <reason>.`,
    );
  }

  private async postShared(request: VoiceRequest, text: string): Promise<void> {
    const conversationId = this.deps.policy.approvalConversation(request.originConversationId);
    const activityId = await this.deps.messenger.send(conversationId, text, await this.card(request, 'shared'));
    if (activityId) await this.deps.store.addCardCopy(request.id, { conversationId, activityId, audience: 'approvers' });
  }

  async rememberRequesterCopy(requestId: number, conversationId: string, activityId: string): Promise<void> {
    await this.deps.store.addCardCopy(requestId, { conversationId, activityId, audience: 'requester' });
  }

  /**
   * Updates every stored copy in place with the shared view, so no stale Approve button survives a
   * decision; Teams then refreshes it into each listed viewer's own view while the request is pending.
   */
  async refreshCards(request: VoiceRequest, progress?: string): Promise<void> {
    const current = (await this.deps.store.getRequest(request.id)) ?? request;
    const card = await this.card(current, 'shared', progress);
    for (const copy of await this.deps.store.cardCopies(request.id)) {
      await this.deps.messenger.updateCard(copy.conversationId, copy.activityId, card);
    }
  }

  async tellRequester(request: VoiceRequest): Promise<void> {
    const operation = this.deps.requests.operationOf(request);
    const outcome = request.result ? ` ${request.result.message}` : '';
    const votes = await this.deps.store.votes(request.id);
    const reason = votes.find((v) => v.decision === 'reject')?.comment;
    const why = request.state === 'rejected' && reason ? ` Reason: ${reason}` : '';
    const followUp = this.deps.followUp?.(request);
    await this.deps.messenger.send(request.originConversationId, `${requestSummary(request, operation)}.${outcome}${why}${followUp ? `\n\n${followUp}` : ''}`);
    // Every final state passes through here, embedded or announced for a scale-out worker.
    await this.deps.onFinished?.(request);
  }
}
