import type { Translator } from '../i18n/translator';
import { replyLines } from '../cards/reply-lines';

/** Where the bot was just added: a personal chat, a group chat or a team's channel (Teams' conversationType). */
export interface AddedTo {
  conversationId: string;
  conversationType?: string;
}

/**
 * What the bot says when it is added to a conversation: what it does and how to start; in a channel or group chat
 * also whether approval cards come there, and if not, the policy setting that would send them there (admins
 * otherwise have no easy way to learn a channel's conversation id).
 */
export function welcomeText(t: Translator, addedTo: AddedTo, approvalConversationId: string | undefined): string {
  const lines = [t.t('welcome.intro')];
  if (addedTo.conversationType !== 'personal') {
    lines.push(
      addedTo.conversationId === approvalConversationId
        ? t.t('welcome.approvalsHere')
        : t.t('welcome.approvalsSetting', { conversationId: addedTo.conversationId }),
    );
  }
  return replyLines(lines);
}

// Greetings in the bot's languages, alone or with a name after them ("hi voiceops", "bonjour à tous").
const GREETING = /^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|bonjour|bonsoir|salut|coucou|你好|您好|嗨|안녕|안녕하세요)( (there|all|everyone|team|bot|voiceops|à tous|tout le monde))?[\s!.,?？！。~]*$/iu;

/** A message that only greets the bot: answered with the introduction, not "I don't know the command". */
export function isGreeting(text: string): boolean {
  return GREETING.test(text.trim());
}
