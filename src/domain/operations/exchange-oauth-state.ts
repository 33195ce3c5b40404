import type { ArgumentSpec } from '../parser/command-syntax';
import { msg } from '../../i18n/message';
import type { Operation, OperationParameters, PowerShellCall, StateRow } from './operation';
import { asRecord, mismatchesOf, propertyRows, voicePathOf } from './operation';

/** Skype for Business Online's well-known application id (the partner application and the service principal). */
export const SFB_APP_ID = '00000004-0000-0ff1-ce00-000000000000';
export const ACCOUNT = 'SfBOnline-ApplicationAccount';

/** Where procedure B stands, as Get-VoiceOpsExchangeOAuthState reads it from Exchange and the service principal. */
export const OAUTH_PROPERTIES = [
  'ApplicationAccount',
  'HiddenFromAddressLists',
  'UserApplicationRole',
  'ArchiveApplicationRole',
  'PartnerApplicationEnabled',
  'CredentialMatchesCertificate',
] as const;

export const CERTIFICATE_PROPERTIES = ['CertificateThumbprint', 'CertificateSubject', 'CertificateNotBefore', 'CertificateNotAfter'] as const;

export const DOMAIN_ARG: ArgumentSpec = { name: 'domain', type: 'fqdn', required: true, label: 'the verified SIP domain of the application account' };
export const DC_ARG: ArgumentSpec = { name: 'dc', type: 'fqdn', required: false, label: 'the domain controller FQDN' };

export function asOAuthState(output: unknown): Record<string, unknown> {
  return { ...asRecord(output, 'Get-VoiceOpsExchangeOAuthState') };
}

export function domainControllerArgument(params: OperationParameters): Record<string, string> {
  return params.dc ? { DomainController: String(params.dc) } : {};
}

export function readOAuthState(params: OperationParameters): PowerShellCall {
  return { command: 'Get-VoiceOpsExchangeOAuthState', arguments: { ...domainControllerArgument(params), VoicePath: voicePathOf(params) } };
}

/** What every operation of procedure B shares: run by Exchange workers, about the tenant, read from the same state. */
export const OAUTH_OPERATION_BASE = {
  target: 'exchange',
  usesVoicePath: true,
  targetUser: () => undefined,
  subject: () => 'Exchange OAuth for Skype for Business Online',
  subjectText: () => msg('subject.exchangeOAuth'),
  readState: readOAuthState,
} satisfies Partial<Operation>;

/** The six step rows, with what a step will make of them. */
export function oauthRows(state: unknown, wanted: Record<string, unknown>): StateRow[] {
  return propertyRows(asOAuthState(state), wanted, OAUTH_PROPERTIES);
}

export function oauthVerification(state: unknown, wanted: Record<string, unknown>) {
  const current = asOAuthState(state);
  // The account row holds the account's identity: any non-empty value means it exists.
  const mismatches = mismatchesOf(current, wanted).filter((p) => !(p === 'ApplicationAccount' && wanted[p] === true && current[p]));
  return { verified: mismatches.length === 0, mismatches };
}

export const dcSuffix = (params: OperationParameters) => (params.dc ? ` -DomainController '${String(params.dc)}'` : '');
