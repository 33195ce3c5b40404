import type { AdaptiveCard } from '../cards/render-card';
import type { Actor } from '../domain/requests/request';
import type { Translator } from '../i18n/translator';
import type { MessageAttachment } from './file-attachment';

/** What a command handler may do in a turn, with no Bot Framework types in sight. */
export interface Turn {
  actor: Actor;
  conversationId: string;
  /** The words of this turn, in the language of the activity (see src/i18n/activity-translator.ts). */
  t: Translator;
  /** Sends text, optionally followed by a card in the same message; returns the activity id. */
  reply(text: string, card?: AdaptiveCard): Promise<string | undefined>;
  /** Files attached to the message (bulk CSV uploads). */
  attachments?: MessageAttachment[];
}

export type CommandHandler = (turn: Turn, values: Record<string, string | number>) => Promise<void>;
