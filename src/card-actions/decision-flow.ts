import type { ExecutionStarter } from '../bot/execution-runner';
import type { RequestNotifier } from '../bot/request-notifier';
import type { Actor, Vote, VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';

/** One path for a decision, whether it came from a card button or a typed `approve N`. */
export class DecisionFlow {
  constructor(private readonly deps: { requests: RequestService; notifier: RequestNotifier; runner: ExecutionStarter }) {}

  async decide(
    actor: Actor,
    requestId: number,
    decision: Vote['decision'],
    options: { nonce?: string; comment?: string } = {},
  ): Promise<{ message: string; request: VoiceRequest }> {
    const outcome = await this.deps.requests.decide(actor, requestId, decision, options);
    const { request } = outcome;
    switch (outcome.kind) {
      case 'approved':
        this.deps.runner.start(request.id);
        return { request, message: `You approved request #${request.id}; it is running now and this card will update when it is verified.` };
      case 'vote-counted':
        await this.deps.notifier.refreshCards(request);
        return {
          request,
          message: `Your approval of request #${request.id} is counted (${outcome.approvals} of ${request.approvalsRequired}); it needs another approver.`,
        };
      case 'rejected':
        await this.deps.notifier.refreshCards(request);
        await this.deps.notifier.tellRequester(request);
        return { request, message: `You rejected request #${request.id}; nothing will run.` };
    }
  }
}
