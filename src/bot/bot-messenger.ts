import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render-card';
import type { Store } from '../ports/store';
import type { Messenger } from './messenger';

/** Proactive sends and card updates through the Bot Framework connector, from stored conversation references. */
export class BotMessenger implements Messenger {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: Store,
  ) {}

  private async reference(conversationId: string): Promise<Partial<ConversationReference>> {
    const stored = await this.store.getConversation(conversationId);
    if (!stored) throw new Error(`no stored conversation reference for ${conversationId}`);
    return stored.reference as Partial<ConversationReference>;
  }

  async send(conversationId: string, text: string, card?: AdaptiveCard): Promise<string | undefined> {
    const activity = card ? MessageFactory.attachment(CardFactory.adaptiveCard(card), text) : MessageFactory.text(text);
    let id: string | undefined;
    await this.adapter.continueConversationAsync(this.appId, await this.reference(conversationId), async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    return id;
  }

  async updateCard(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void> {
    const activity = { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId };
    await this.adapter.continueConversationAsync(this.appId, await this.reference(conversationId), async (context) => {
      await context.updateActivity(activity);
    });
  }
}
