import { CardFactory, type CloudAdapter, type ConversationReference, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '../cards/render-card';
import type { Store } from '../ports/store';
import type { Messenger } from './messenger';
import { ConnectorRefusal } from './paced-connector-client';

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
    await this.proactive(conversationId, async (context) => {
      id = (await context.sendActivity(activity))?.id;
    });
    return id;
  }

  async updateCard(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void> {
    const activity = { ...MessageFactory.attachment(CardFactory.adaptiveCard(card)), id: activityId };
    await this.proactive(conversationId, async (context) => {
      await context.updateActivity(activity);
    }).catch((error: unknown) => {
      // 404: the message was deleted in Teams; there is no card left to update.
      if (!(error instanceof ConnectorRefusal && error.statusCode === 404)) throw error;
    });
  }

  /**
   * Runs `logic` in a proactive turn and throws what it threw. The adapter would hand the error to its onTurnError
   * handler, which logs and swallows it (right for inbound turns), so a refused send would look delivered and its
   * caller could neither retry it nor say it failed.
   */
  private async proactive(conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.appId, await this.reference(conversationId), async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}
