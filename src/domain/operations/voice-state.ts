import { asList, showValue, type StateRow } from './operation';

export { showValue };

/** A user's voice settings as Get-VoiceOpsVoiceState returns them. */
export interface VoiceState {
  UserPrincipalName: string;
  DisplayName: string;
  ObjectId: string;
  EnterpriseVoiceEnabled: boolean;
  HostedVoiceMail: boolean;
  VoicePolicy: string;
  LineURI: string;
}

export const VOICE_PROPERTIES = ['EnterpriseVoiceEnabled', 'HostedVoiceMail', 'VoicePolicy', 'LineURI'] as const;

export function asVoiceState(output: unknown): VoiceState {
  const state = output as Partial<VoiceState> | null;
  if (!state || typeof state !== 'object' || typeof state.UserPrincipalName !== 'string') {
    throw new Error('Get-VoiceOpsVoiceState returned no user record');
  }
  return {
    UserPrincipalName: state.UserPrincipalName,
    DisplayName: String(state.DisplayName ?? ''),
    ObjectId: String(state.ObjectId ?? ''),
    EnterpriseVoiceEnabled: state.EnterpriseVoiceEnabled === true,
    HostedVoiceMail: state.HostedVoiceMail === true,
    VoicePolicy: String(state.VoicePolicy ?? ''),
    LineURI: String(state.LineURI ?? ''),
  };
}

/** The other users holding the number asked about (Get-VoiceOpsVoiceState -NumberHolderOf), by UPN. */
export function numberHoldersOf(output: unknown): string[] {
  return asList((output as { NumberHolders?: unknown } | null)?.NumberHolders).map(String);
}

/** Rows for the four properties the procedure checks. */
export function voiceRows(state: VoiceState, proposed: Partial<VoiceState>): StateRow[] {
  return VOICE_PROPERTIES.map((property) => ({
    property,
    current: showValue(state[property]),
    proposed: showValue(property in proposed ? proposed[property] : state[property]),
  }));
}

/** The E.164 number of a tel: line URI, or undefined for none or one with an extension (not restorable by chat). */
export function lineUriNumber(lineUri: string): string | undefined {
  const match = /^tel:(\+[1-9]\d{6,14})$/i.exec(lineUri);
  return match ? match[1] : undefined;
}
