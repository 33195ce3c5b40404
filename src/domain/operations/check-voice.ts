import type { Operation } from './operation';
import { psLiteral } from './operation';
import { asVoiceState, voiceRows } from './voice-state';

/** Read-only: the four properties the procedure verifies, answered at once without approval. */
export const checkVoice: Operation = {
  name: 'check-voice',
  syntax: {
    name: 'check-voice',
    phrase: 'check voice',
    aliases: ['show voice', 'voice status'],
    args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
    summary: "Show a user's voice settings now (read-only, no approval).",
    example: 'check voice alice@contoso.com',
  },
  risk: 'read',
  target: 'teams',
  functions: ['Get-VoiceOpsVoiceState'],
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: String(params.user) } }),
  preview: (params) => `Get-CsOnlineUser -Identity ${psLiteral(String(params.user))}`,
  compare: (state) => voiceRows(asVoiceState(state), {}),
  verify: () => ({ verified: true, mismatches: [] }),
};
