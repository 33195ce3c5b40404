import type { Operation, StateRow } from './operation';
import { asList, asRecord, showValue } from './operation';

/** Who holds a number, as Get-VoiceOpsNumberHolders returns them: each holder's UPN, name and voice switch. */
function holderRows(output: unknown): StateRow[] {
  const holders = asList(asRecord(output, 'Get-VoiceOpsNumberHolders').Holders).map((entry) => asRecord(entry, 'Get-VoiceOpsNumberHolders'));
  const row = (property: string, value: unknown): StateRow => ({ property, current: showValue(value), proposed: showValue(value) });
  if (holders.length === 0) return [row('AssignedTo', '')];
  return holders.flatMap((holder) => [
    row('AssignedTo', holder.UserPrincipalName),
    row('DisplayName', holder.DisplayName),
    row('EnterpriseVoiceEnabled', holder.EnterpriseVoiceEnabled === true),
  ]);
}

/** Read-only: who a phone number is assigned to (Get-CsOnlineUser -Filter "LineURI -eq 'tel:+…'"), if anyone. */
export const checkNumber: Operation = {
  name: 'check-number',
  syntax: {
    name: 'check-number',
    phrase: 'check number',
    aliases: ['who has', 'find number'],
    args: [{ name: 'number', type: 'e164', required: true, label: 'the phone number in E.164 form' }],
    summary: 'Show who a phone number is assigned to, if anyone (read-only, no approval).',
    example: 'check number +14255550100',
  },
  risk: 'read',
  target: 'teams',
  functions: ['Get-VoiceOpsNumberHolders'],
  targetUser: () => undefined,
  subject: (params) => String(params.number),
  readState: (params) => ({ command: 'Get-VoiceOpsNumberHolders', arguments: { LineUri: `tel:${params.number}` } }),
  preview: (params) => `Get-CsOnlineUser -Filter "LineURI -eq 'tel:${params.number}'"`,
  compare: (state) => holderRows(state),
  verify: () => ({ verified: true, mismatches: [] }),
};
