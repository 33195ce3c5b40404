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
