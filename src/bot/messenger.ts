import type { AdaptiveCard } from '../cards/render-card';

/** Sends and updates messages in stored conversations, from outside a turn (proactive messaging). */
export interface Messenger {
  /** Throws when Teams refuses the message. */
  send(conversationId: string, text: string, card?: AdaptiveCard): Promise<string | undefined>;
  /** Throws when Teams refuses the update; a message someone deleted is not an error (there is nothing to update). */
  updateCard(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void>;
}
