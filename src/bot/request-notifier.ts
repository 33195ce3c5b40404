import { requestCard, requestSummary, resultMessage, type CardView } from '../cards/request-view';
import { replyLines } from '../cards/reply-lines';
import { configuredLocale } from '../i18n/activity-translator';
import { resolveLocale } from '../i18n/locale';
import { Translator } from '../i18n/translator';
import type { Message } from '../i18n/message';
import type { AdaptiveCard } from '../cards/render-card';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { Actor, VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { CardCopy, Store } from '../ports/store';
import type { Messenger } from './messenger';

/**
 * Which language a message nobody is answering goes out in (notifications, shared approval cards).
 * `default` is VOICEOPS_DEFAULT_LOCALE; `approvals` (VOICEOPS_APPROVAL_LOCALE) fixes the language of the
 * approvers' copies, which otherwise follow the requester (docs/localisation.md).
 */
export interface NotificationLocales {
  default?: string;
  approvals?: string;
  /** VOICEOPS_USER_LOCALES: by Entra object id (lower case). */
  users?: Record<string, string>;
}

/** Where and how the requester's copy of a new request's card is posted (see postApprovalAndRequesterCards). */
export interface RequesterCopy {
  t: Translator;
  conversationId: string;
  send(card: AdaptiveCard): Promise<string | undefined>;
}

function approvalNeededText(t: Translator, request: VoiceRequest): string {
  return t.t('notify.approvalNeeded', { id: String(request.id), requester: request.requester.name });
}

/** Keeps every copy of a request's card and its requester up to date. */
export class RequestNotifier {
  constructor(
    private readonly deps: {
      store: Store;
      messenger: Messenger;
      requests: RequestService;
      policy: ApprovalPolicy;
      locales?: NotificationLocales;
      /** Extra lines for the requester about a finished request (bulk: the outcomes download link). */
      followUp?: (request: VoiceRequest) => Message | string | undefined;
      /** Told of every request that reached its final state (runbook steps follow their requests). */
      onFinished?: (request: VoiceRequest) => Promise<void>;
    },
  ) {}

  /** The card as one view shows it, with the current votes and the refresh audience. */
  async card(t: Translator, request: VoiceRequest, view: CardView, progress?: string): Promise<AdaptiveCard> {
    const operation = this.deps.requests.operationOf(request);
    const votes = await this.deps.store.votes(request.id);
    const alsoOpen = (await this.deps.requests.openAlongside(request)).map((other) => ({ request: other, operation: this.deps.requests.operationOf(other) }));
    return requestCard(t, request, operation, votes, { view, audience: this.deps.policy.audience(request, operation), progress, alsoOpen });
  }

  /** The card as this person should see it (the answer to a refresh or a click), in their language. */
  async cardFor(t: Translator, actor: Actor, request: VoiceRequest): Promise<AdaptiveCard> {
    const viewer = await this.deps.policy.viewerOf(actor, request, this.deps.requests.operationOf(request));
    return this.card(t, request, viewer);
  }

  /**
   * The requester's language for proactive messages: the locale Teams last sent in the conversation the request
   * was filed from (stored with its conversation reference), else the requester's configured language, else the
   * configured default, else English.
   */
  async requesterTranslator(request: VoiceRequest): Promise<Translator> {
    const stored = await this.deps.store.getConversation(request.originConversationId);
    const seen = stored?.reference.locale;
    return new Translator(resolveLocale(typeof seen === 'string' ? seen : undefined, configuredLocale(this.deps.locales, request.requester.objectId)));
  }

  /** The approvers' copies: VOICEOPS_APPROVAL_LOCALE when set, else the requester's language. */
  async approversTranslator(request: VoiceRequest): Promise<Translator> {
    if (this.deps.locales?.approvals) return new Translator(resolveLocale(this.deps.locales.approvals, this.deps.locales.default));
    return this.requesterTranslator(request);
  }

  /** Posts the approval card to the approvers' conversation and remembers the copy. */
  async postApprovalCard(request: VoiceRequest): Promise<void> {
    const t = await this.approversTranslator(request);
    await this.postShared(t, request, approvalNeededText(t, request));
  }

  /**
   * Where the approvers read the requester's conversation, the answer to the requester (`answer.text`, in `answer.t`'s
   * language) and the approval card go out as one message, and that copy is kept up to date as the approvers'. When
   * approvals have a language of their own (VOICEOPS_APPROVAL_LOCALE), the approvers get their own notice with it.
   */
  async answerWithApprovalCard(request: VoiceRequest, answer: { t: Translator; text: string; reply(text: string, card?: AdaptiveCard): Promise<string | undefined> }): Promise<void> {
    const t = await this.approversTranslator(request);
    if (t.locale !== answer.t.locale) {
      await answer.reply(answer.text);
      await this.postShared(t, request, approvalNeededText(t, request));
      return;
    }
    const copy = this.approversCopy(request, await answer.reply(answer.text, await this.card(t, request, 'shared')));
    if (copy) await this.deps.store.addCardCopies(request.id, [copy]);
  }

  /** A reminder is a fresh copy of the card in the approvers' conversation, kept up to date like the others. */
  async remind(request: VoiceRequest): Promise<void> {
    const t = await this.approversTranslator(request);
    await this.postShared(
      t,
      request,
      t.t('notify.reminder', { id: String(request.id), requester: request.requester.name, expiresAt: { dateTime: request.expiresAt } }),
    );
  }

  private async postShared(t: Translator, request: VoiceRequest, text: string): Promise<void> {
    const copy = await this.sendShared(t, request, text);
    if (copy) await this.deps.store.addCardCopies(request.id, [copy]);
  }

  private async sendShared(t: Translator, request: VoiceRequest, text: string): Promise<CardCopy | undefined> {
    const conversationId = this.deps.policy.approvalConversation(request.originConversationId);
    return this.approversCopy(request, await this.deps.messenger.send(conversationId, text, await this.card(t, request, 'shared')));
  }

  /** The approvers' copy of a card posted to their conversation, when the connector gave it an id to update it by. */
  private approversCopy(request: VoiceRequest, activityId: string | undefined): CardCopy | undefined {
    const conversationId = this.deps.policy.approvalConversation(request.originConversationId);
    return activityId ? { conversationId, activityId, audience: 'approvers' } : undefined;
  }

  /**
   * A new request's two cards, sent side by side: the approvers' copy, and the requester's (`requester.send` posts it
   * with its text and returns the activity id). Both copies are remembered in one write, also when one send failed,
   * so every card that reached Teams is updated in place later. A failed requester's send is thrown; a failed
   * approvers' send is returned, so the requester, who has their answer, can be told the approvers were not reached.
   */
  async postApprovalAndRequesterCards(request: VoiceRequest, requester: RequesterCopy): Promise<{ approversNotReached?: unknown }> {
    const approvers = this.approversTranslator(request).then((t) => this.sendShared(t, request, approvalNeededText(t, request)));
    const own = this.card(requester.t, request, 'requester')
      .then((card) => requester.send(card))
      .then((activityId): CardCopy | undefined => (activityId ? { conversationId: requester.conversationId, activityId, audience: 'requester' } : undefined));
    const sent = await Promise.allSettled([approvers, own]);
    const copies = sent.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
    if (copies.length > 0) await this.deps.store.addCardCopies(request.id, copies);
    const [approversSent, ownSent] = sent;
    if (ownSent.status === 'rejected') throw ownSent.reason;
    return approversSent.status === 'rejected' ? { approversNotReached: approversSent.reason } : {};
  }

  /** The approvers' card was posted after all (by the sweeper): the requester, told it was not, hears that it is. */
  async tellApproversReached(request: VoiceRequest): Promise<void> {
    const t = await this.requesterTranslator(request);
    await this.deps.messenger.send(request.originConversationId, t.t('filing.approversReachedLater', { id: String(request.id) }));
  }

  /** What the requester is told when the approvers' card could not be posted: how the request can still be decided. */
  approversNotReachedText(t: Translator, request: VoiceRequest): string {
    return t.t('filing.approversNotReached', { id: String(request.id) });
  }

  /**
   * Updates every stored copy in place with the shared view, so no stale Approve button survives a
   * decision; Teams then refreshes it into each listed viewer's own view while the request is pending.
   */
  async refreshCards(request: VoiceRequest, progress?: Message | string): Promise<void> {
    const current = (await this.deps.store.getRequest(request.id)) ?? request;
    const cards = new Map<string, AdaptiveCard>();
    const failures: unknown[] = [];
    for (const copy of await this.deps.store.cardCopies(request.id)) {
      const t = copy.audience === 'requester' ? await this.requesterTranslator(current) : await this.approversTranslator(current);
      const card = cards.get(t.locale) ?? (await this.card(t, current, 'shared', progress === undefined ? undefined : t.text(progress)));
      cards.set(t.locale, card);
      // One copy Teams refuses must not keep the others stale.
      await this.deps.messenger.updateCard(copy.conversationId, copy.activityId, card).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) throw failures[0];
  }

  /**
   * A change that may or may not have landed (`unknown`): the approvers get a card of their own saying a person must
   * check the tenant, since nobody else will look at a request that is no longer pending.
   */
  async askApproversToCheck(request: VoiceRequest): Promise<void> {
    const t = await this.approversTranslator(request);
    const text = t.t('notify.needsPerson', { id: String(request.id), command: request.preview, result: resultMessage(t, request) ?? '' });
    await this.deps.messenger.send(this.deps.policy.approvalConversation(request.originConversationId), text.trim(), await this.card(t, request, 'shared'));
  }

  async tellRequester(request: VoiceRequest): Promise<void> {
    const t = await this.requesterTranslator(request);
    const more = this.deps.followUp?.(request);
    const followUp = more === undefined ? undefined : t.text(more);
    try {
      await this.deps.messenger.send(request.originConversationId, replyLines([await this.outcomeText(t, request), ...(followUp ? [followUp] : [])]));
    } finally {
      // Every final state but a cancellation passes through here (src/bot/result-announcer.ts); a runbook step
      // follows its request even when Teams could not be reached.
      await this.deps.onFinished?.(request);
    }
  }

  /** "#7 enable voice alice@contoso.com: Succeeded and verified. Applied and verified by ..." in the reader's words. */
  async outcomeText(t: Translator, request: VoiceRequest): Promise<string> {
    const summary = requestSummary(t, request, this.deps.requests.operationOf(request));
    const result = resultMessage(t, request);
    if (result) return t.t('status.withResult', { summary, result });
    const votes = await this.deps.store.votes(request.id);
    const reason = votes.find((v) => v.decision === 'reject')?.comment;
    if (request.state === 'rejected' && reason) return t.t('notify.finishedRejected', { summary, reason });
    return t.t('status.plain', { summary });
  }
}
