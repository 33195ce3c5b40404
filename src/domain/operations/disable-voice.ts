import type { Operation, OperationParameters } from './operation';
import { psLiteral, voicePathOf } from './operation';
import { asVoiceState, lineUriNumber, voiceRows, VOICE_PROPERTIES, type VoiceState } from './voice-state';

function desiredState(params: OperationParameters): Partial<VoiceState> {
  if (voicePathOf(params) === 'modern') return { EnterpriseVoiceEnabled: false, LineURI: '' };
  return { EnterpriseVoiceEnabled: false, HostedVoiceMail: false, LineURI: '' };
}

/** The reverse of enable voice: Enterprise Voice and voicemail off, the number released. */
export const disableVoice: Operation = {
  name: 'disable-voice',
  syntax: {
    name: 'disable-voice',
    phrase: 'disable voice',
    aliases: ['voice disable'],
    args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
    summary: "Turn off a user's Enterprise Voice and voicemail and release their number (needs approval).",
    example: 'disable voice alice@contoso.com',
  },
  risk: 'user-change',
  target: 'teams',
  functions: ['Get-VoiceOpsVoiceState', 'Disable-VoiceOpsVoice'],
  usesVoicePath: true,
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: String(params.user) } }),
  change: (params) => ({ command: 'Disable-VoiceOpsVoice', arguments: { Identity: String(params.user), VoicePath: voicePathOf(params) } }),
  preview: (params) =>
    voicePathOf(params) === 'modern'
      ? `Remove-CsPhoneNumberAssignment -Identity ${psLiteral(String(params.user))} -RemoveAll`
      : `Set-CsUser -Identity ${psLiteral(String(params.user))} -EnterpriseVoiceEnabled $false -HostedVoiceMail $false -OnPremLineURI $null`,
  compare: (state, params) => voiceRows(asVoiceState(state), desiredState(params)),
  verify: (state, params) => {
    const after = asVoiceState(state);
    const wanted = desiredState(params);
    const mismatches = VOICE_PROPERTIES.filter((p) => p in wanted && after[p] !== wanted[p]);
    return { verified: mismatches.length === 0, mismatches };
  },
  undo: (prior, params) => {
    const before = asVoiceState(prior);
    if (!before.EnterpriseVoiceEnabled) return undefined;
    const number = lineUriNumber(before.LineURI);
    return { operation: 'enable-voice', parameters: { user: String(params.user), ...(number ? { number } : {}) } };
  },
};
