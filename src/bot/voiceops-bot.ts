import { randomUUID } from 'node:crypto';
import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CardFactory,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { CardActionHandler } from '../card-actions/decide-action';
import type { AdaptiveCard } from '../cards/render-card';
import { isUserError } from '../domain/errors';
import { type ConfiguredLocales, translatorFor } from '../i18n/activity-translator';
import type { Translator } from '../i18n/translator';
import type { Actor } from '../domain/requests/request';
import type { Logger } from '../logging/logger';
import type { Store } from '../ports/store';
import type { CommandRouter } from './command-router';
import { csvAttachmentOf, otherFileOf, type MessageAttachment } from './file-attachment';
import type { Turn } from './turn';
import { isGreeting, type AddedTo } from '../commands/welcome';

// Conversations whose reference this process has written; a bound, not a cache that must stay complete.
const SAVED_REFERENCES_LIMIT = 10_000;

/** Bot Framework glue: messages go to the command router, Action.Execute invokes to the verb handlers. */
export class VoiceOpsBot extends TeamsActivityHandler {
  private readonly savedReferences = new Map<string, string>();

  constructor(
    private readonly deps: {
      router: CommandRouter;
      cardActions: Map<string, CardActionHandler>;
      store: Store;
      logger: Logger;
      /** The message-extension search (composeExtensions query command `findRequests`). */
      search?: RequestSearch;
      /** The configured languages (VOICEOPS_DEFAULT_LOCALE, VOICEOPS_USER_LOCALES) for activities whose locale no catalog serves. */
      locales?: ConfiguredLocales;
      /** What the bot says when it is added to a conversation. */
      welcome?: (t: Translator, addedTo: AddedTo) => string;
    },
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Added to a team, a group chat or someone's personal scope: Teams says so with the bot among the members added.
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((member) => member.id === context.activity.recipient.id);
      if (botAdded) await this.welcome(context);
      await next();
    });
  }

  /**
   * Keeps the conversation's reference at once, so approval cards and results can be posted there before anyone
   * has written to the bot, and says what the bot does.
   */
  private async welcome(context: TurnContext): Promise<void> {
    await this.rememberConversation(context);
    if (!this.deps.welcome) return;
    const { conversation } = context.activity;
    await context.sendActivity(this.deps.welcome(this.translator(context), { conversationId: conversation.id, conversationType: conversation.conversationType }));
  }

  /**
   * Keeps the reference proactive messages need. It is the same on every turn but for the activity id and
   * sender, and writing it each time (a durable commit) cost more than the rest of a turn, so it is written
   * again only when what a proactive message uses (service URL, conversation, bot, channel) changes.
   */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const conversationId = context.activity.conversation.id;
    // The locale is part of it: proactive messages follow the language last seen in the conversation.
    const key = JSON.stringify([reference.serviceUrl, reference.conversation, reference.bot, reference.channelId, reference.locale]);
    if (this.savedReferences.get(conversationId) === key) return;
    await this.deps.store.saveConversation({ conversationId, reference: reference as Record<string, unknown> });
    if (this.savedReferences.size >= SAVED_REFERENCES_LIMIT) this.savedReferences.clear();
    this.savedReferences.set(conversationId, key);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation.id;
    await this.rememberConversation(context);
    const t = this.translator(context);
    const attachments: MessageAttachment[] = (context.activity.attachments ?? []).map((a) => ({
      contentType: String(a.contentType ?? ''),
      name: a.name,
      content: a.content,
      contentUrl: a.contentUrl,
    }));
    const turn: Turn = {
      actor: actorOf(context),
      conversationId,
      t,
      attachments,
      reply: async (text, card) => {
        const activity = card ? MessageFactory.attachment(CardFactory.adaptiveCard(card), text) : MessageFactory.text(text);
        return (await context.sendActivity(activity))?.id;
      },
    };
    try {
      // A file sent without words is a bulk upload (the bulk command refuses anything but CSV).
      const text = messageText(context) || (csvAttachmentOf(attachments) || otherFileOf(attachments) ? 'bulk' : '');
      if (this.deps.welcome && isGreeting(text)) {
        const { conversation } = context.activity;
        await turn.reply(this.deps.welcome(t, { conversationId, conversationType: conversation.conversationType }));
        return;
      }
      await this.deps.router.handle(turn, text);
    } catch (error) {
      await context.sendActivity(this.explain(t, error, { conversationId }));
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const verb = invokeValue.action?.verb ?? '';
    const t = this.translator(context);
    const handler = this.deps.cardActions.get(verb);
    if (!handler) return messageResponse(t.t('turn.unknownCardAction', { verb: verb || '-' }));
    try {
      const result = await handler(actorOf(context), (invokeValue.action.data ?? {}) as Record<string, unknown>, {
        conversationId: context.activity.conversation.id,
        t,
      });
      if ('message' in result) return messageResponse(result.message);
      return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card as never };
    } catch (error) {
      return messageResponse(this.explain(t, error, { verb }));
    }
  }

  /** Compose-box search: requests by number, user or state, each as a compact card. */
  protected override async handleTeamsMessagingExtensionQuery(
    context: TurnContext,
    query: MessagingExtensionQuery,
  ): Promise<MessagingExtensionResponse> {
    const text = String(query.parameters?.find((p) => p.name === 'query')?.value ?? '').trim();
    const t = this.translator(context);
    if (!this.deps.search) return { composeExtension: { type: 'message', text: t.t('search.unavailable') } };
    try {
      const hits = await this.deps.search(actorOf(context), text, t);
      return {
        composeExtension: {
          type: 'result',
          attachmentLayout: 'list',
          attachments: hits.map((hit) => ({
            ...CardFactory.adaptiveCard(hit.card),
            preview: CardFactory.thumbnailCard(hit.title, hit.text),
          })),
        },
      };
    } catch (error) {
      return { composeExtension: { type: 'message', text: this.explain(t, error, { search: true }) } };
    }
  }

  // A user-caused error is answered as itself; anything else is logged with an id the user can quote.
  private explain(t: Translator, error: unknown, fields: Record<string, unknown>): string {
    if (isUserError(error)) return t.text(error.text);
    const incident = randomUUID().slice(0, 8);
    this.deps.logger.error('turn failed', { ...fields, incident, error: error instanceof Error ? error.message : String(error) });
    return t.t('turn.internalError', { incident });
  }

  private translator(context: TurnContext): Translator {
    return translatorFor(context.activity, this.deps.locales);
  }
}

export type RequestSearch = (actor: Actor, text: string, t: Translator) => Promise<{ title: string; text: string; card: AdaptiveCard }[]>;

function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text as never };
}

function actorOf(context: TurnContext): Actor {
  const from = context.activity.from;
  return { objectId: from.aadObjectId ?? from.id, name: from.name ?? from.id };
}

/** The command text without the bot's @mention or any HTML Teams wraps around it. */
function messageText(context: TurnContext): string {
  const withoutMention = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return withoutMention
    .replace(/<at>[^<]*<\/at>/g, ' ')
    // Pasted lines arrive as paragraphs or line breaks; bulk needs them as lines.
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .trim();
}
