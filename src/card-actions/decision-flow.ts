import type { Announcements, ExecutionStarter } from '../bot/execution-runner';
import type { RequestNotifier } from '../bot/request-notifier';
import { isUserError } from '../domain/errors';
import { msg, type Message } from '../i18n/message';
import { stateMessage } from '../i18n/state-message';
import type { Actor, VoiceRequest } from '../domain/requests/request';
import type { Decision, DecideOptions, DecisionOutcome, RequestService } from '../domain/requests/request-service';

/**
 * One path for a decision, whether it came from a card button or its text twin (`approve 42`,
 * `reject 42 reason`, `cancel 42`): same checks, same audit, same answer. The answer is given at once;
 * card updates and the run itself continue in the background.
 */
export class DecisionFlow {
  constructor(private readonly deps: { requests: RequestService; notifier: RequestNotifier; runner: ExecutionStarter; announcements: Announcements }) {}

  async decide(actor: Actor, requestId: number, decision: Decision, options: DecideOptions = {}): Promise<{ message: Message; request: VoiceRequest }> {
    let outcome: DecisionOutcome;
    try {
      outcome =
        decision === 'cancel'
          ? await this.deps.requests.cancel(actor, requestId, options)
          : await this.deps.requests.decide(actor, requestId, decision, options);
    } catch (error) {
      // A click that found the request expired has just closed it: every copy must say so, and the requester hear of it.
      if (isUserError(error) && error.code === 'REQUEST_EXPIRED') this.announceLater(requestId);
      throw error;
    }
    const { request } = outcome;
    const id = String(request.id);
    switch (outcome.kind) {
      case 'approved':
        this.deps.runner.start(request.id);
        return { request, message: msg('decision.approved', { id }) };
      case 'vote-counted':
        this.updateCardsLater(request.id);
        return {
          request,
          message: msg('decision.voteCounted', { id, approvals: outcome.approvals, required: request.approvalsRequired }),
        };
      case 'rejected':
        this.announceLater(request.id);
        return { request, message: msg('decision.rejected', { id }) };
      case 'cancelled':
        this.announceLater(request.id);
        return { request, message: msg('decision.cancelled', { id }) };
      case 'stop-requested':
        this.updateCardsLater(request.id);
        return { request, message: msg('decision.stopRequested', { id }) };
      case 'already-recorded':
        return { request, message: msg('decision.alreadyRecorded', { decision: outcome.decision, id, state: stateMessage(request.state) }) };
    }
  }

  private updateCardsLater(requestId: number): void {
    this.deps.runner.later(`update cards of request #${requestId}`, async () => {
      const { request } = await this.deps.requests.status(requestId);
      await this.deps.notifier.refreshCards(request);
    });
  }

  // The request ended: the outbox holds its announcement (cards, and the requester unless they cancelled it).
  private announceLater(requestId: number): void {
    this.deps.runner.later(`announce request #${requestId}`, async () => {
      await this.deps.announcements.announceDue();
    });
  }
}
