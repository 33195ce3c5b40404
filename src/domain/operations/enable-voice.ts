import type { Operation } from './operation';
import { psLiteral } from './operation';
import { asVoiceState, voiceRows, VOICE_PROPERTIES, type VoiceState } from './voice-state';

function desiredState(params: Record<string, string | number>): Partial<VoiceState> {
  return {
    EnterpriseVoiceEnabled: true,
    HostedVoiceMail: true,
    VoicePolicy: 'HybridVoice',
    ...(params.number ? { LineURI: `tel:${params.number}` } : {}),
  };
}

/** Procedure A step 7: enable Enterprise Voice and voicemail with an on-premises line URI. */
export const enableVoice: Operation = {
  name: 'enable-voice',
  syntax: {
    name: 'enable-voice',
    phrase: 'enable voice',
    aliases: ['voice enable'],
    args: [
      { name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' },
      { name: 'number', type: 'e164', required: true, label: 'the phone number in E.164 form' },
    ],
    summary: 'Enable Enterprise Voice and voicemail for a user with a phone number (needs approval).',
    example: 'enable voice alice@contoso.com +14255550100',
  },
  risk: 'user-change',
  target: 'teams',
  functions: ['Get-VoiceOpsVoiceState', 'Enable-VoiceOpsVoice'],
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: String(params.user) } }),
  change: (params) => ({
    command: 'Enable-VoiceOpsVoice',
    arguments: { Identity: String(params.user), LineUri: `tel:${params.number}` },
  }),
  preview: (params) =>
    `Set-CsUser -Identity ${psLiteral(String(params.user))} -EnterpriseVoiceEnabled $true -HostedVoiceMail $true -OnPremLineURI ${psLiteral(`tel:${params.number}`)}`,
  compare: (state, params) => voiceRows(asVoiceState(state), desiredState(params)),
  verify: (state, params) => {
    const after = asVoiceState(state);
    const wanted = desiredState(params);
    const mismatches = VOICE_PROPERTIES.filter((p) => p in wanted && after[p] !== wanted[p]);
    return { verified: mismatches.length === 0, mismatches };
  },
};
