import type { Operation, OperationParameters } from './operation';
import { psLiteral, voicePathOf } from './operation';
import { msg } from '../../i18n/message';
import { asVoiceState, lineUriNumber, numberHoldersOf, voiceRows, VOICE_PROPERTIES, type VoiceState } from './voice-state';

function desiredState(params: OperationParameters): Partial<VoiceState> {
  const number = params.number ? { LineURI: `tel:${params.number}` } : {};
  if (voicePathOf(params) === 'modern') return { EnterpriseVoiceEnabled: true, ...number };
  // The service gives a voice-enabled user with an on-premises number the HybridVoice policy.
  return { EnterpriseVoiceEnabled: true, HostedVoiceMail: true, ...(params.number ? { VoicePolicy: 'HybridVoice', ...number } : {}) };
}

/** Procedure A step 7 (or Direct Routing's Set-CsPhoneNumberAssignment): voice on, with a number when given. */
export const enableVoice: Operation = {
  name: 'enable-voice',
  syntax: {
    name: 'enable-voice',
    phrase: 'enable voice',
    aliases: ['voice enable'],
    args: [
      { name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' },
      { name: 'number', type: 'e164', required: false, label: 'the phone number in E.164 form' },
    ],
    summary: 'Enable Enterprise Voice and voicemail for a user, with a phone number if given (needs approval).',
    example: 'enable voice alice@contoso.com +14255550100',
  },
  risk: 'user-change',
  target: 'teams',
  functions: ['Get-VoiceOpsVoiceState', 'Enable-VoiceOpsVoice'],
  usesVoicePath: true,
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: String(params.user) } }),
  // At filing, with a number, the read also says who else holds it: one number cannot go to two users.
  filingRead: (params) => ({
    command: 'Get-VoiceOpsVoiceState',
    arguments: { Identity: String(params.user), ...(params.number ? { NumberHolderOf: `tel:${params.number}` } : {}) },
  }),
  change: (params) => ({
    command: 'Enable-VoiceOpsVoice',
    arguments: {
      Identity: String(params.user),
      ...(params.number ? { LineUri: `tel:${params.number}` } : {}),
      VoicePath: voicePathOf(params),
    },
  }),
  preview: (params) => {
    const user = psLiteral(String(params.user));
    if (voicePathOf(params) === 'modern') {
      return params.number
        ? `Set-CsPhoneNumberAssignment -Identity ${user} -PhoneNumber ${psLiteral(String(params.number))} -PhoneNumberType DirectRouting`
        : `Set-CsPhoneNumberAssignment -Identity ${user} -EnterpriseVoiceEnabled $true`;
    }
    const number = params.number ? ` -OnPremLineURI ${psLiteral(`tel:${params.number}`)}` : '';
    return `Set-CsUser -Identity ${user} -EnterpriseVoiceEnabled $true -HostedVoiceMail $true${number}`;
  },
  compare: (state, params) => voiceRows(asVoiceState(state), desiredState(params)),
  verify: (state, params) => {
    const after = asVoiceState(state);
    const wanted = desiredState(params);
    const mismatches = VOICE_PROPERTIES.filter((p) => p in wanted && after[p] !== wanted[p]);
    return { verified: mismatches.length === 0, mismatches };
  },
  validate: (state, params) => {
    const holders = numberHoldersOf(state);
    return params.number && holders.length > 0 ? msg('validate.numberInUse', { number: String(params.number), holders: holders.join(', ') }) : undefined;
  },
  undo: (prior, params) => {
    const before = asVoiceState(prior);
    if (!before.EnterpriseVoiceEnabled) return { operation: 'disable-voice', parameters: { user: String(params.user) } };
    const number = lineUriNumber(before.LineURI);
    return { operation: 'enable-voice', parameters: { user: String(params.user), ...(number ? { number } : {}) } };
  },
};
