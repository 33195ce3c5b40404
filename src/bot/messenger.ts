import type { AdaptiveCard } from '../cards/render-card';

/** Sends and updates messages in stored conversations, from outside a turn (proactive messaging). */
export interface Messenger {
  send(conversationId: string, text: string, card?: AdaptiveCard): Promise<string | undefined>;
  updateCard(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void>;
}
