import { msg, type Message } from '../../i18n/message';
import { inRemovalOrder, OAUTH_PARTS, type OAuthPart } from '../parser/value-types';
import type { Operation, OperationParameters, UndoPlan } from './operation';
import { propertyRows, voicePathOf } from './operation';
import {
  ACCOUNT,
  asOAuthState,
  DC_ARG,
  dcSuffix,
  domainControllerArgument,
  OAUTH_OPERATION_BASE,
  OAUTH_PROPERTIES,
  oauthVerification,
  SFB_APP_ID,
} from './exchange-oauth-state';

const NAME = 'exchange-oauth-remove';

/** The state each part leaves behind once removed. */
const REMOVED: Record<OAuthPart, Record<string, unknown>> = {
  key: { CredentialMatchesCertificate: false },
  expired: { ExpiredKeys: 0 },
  partner: { PartnerApplicationEnabled: false },
  userrole: { UserApplicationRole: false },
  archiverole: { ArchiveApplicationRole: false },
  hide: { HiddenFromAddressLists: false },
  account: { ApplicationAccount: '' },
};

function partsOf(params: OperationParameters): OAuthPart[] {
  return inRemovalOrder(String(params.parts).split(','));
}

const wanted = (params: OperationParameters) => Object.assign({}, ...partsOf(params).map((part) => REMOVED[part])) as Record<string, unknown>;

function keyLine(params: OperationParameters): string {
  const certificate = params.certificate ? `the certificate ${String(params.certificate)}` : `the certificate Get-AuthConfig${dcSuffix(params)} names`;
  return voicePathOf(params) === 'modern'
    ? `Update-MgServicePrincipal -ServicePrincipalId <appId ${SFB_APP_ID}> -KeyCredentials (<existing keys> without the Verify keys valid exactly as long as ${certificate})`
    : `Remove-MsolServicePrincipalCredential -AppPrincipalId ${SFB_APP_ID} -KeyIds <the Verify keys valid exactly as long as ${certificate}>`;
}

const PREVIEW: Record<OAuthPart, (params: OperationParameters) => string> = {
  key: keyLine,
  expired: (p) =>
    voicePathOf(p) === 'modern'
      ? `Update-MgServicePrincipal -ServicePrincipalId <appId ${SFB_APP_ID}> -KeyCredentials (<existing keys> without the Verify keys whose EndDateTime has passed)`
      : `Remove-MsolServicePrincipalCredential -AppPrincipalId ${SFB_APP_ID} -KeyIds <the Verify keys whose EndDate has passed>`,
  partner: (p) => `Remove-PartnerApplication -Identity SfBOnline -Confirm:$false${dcSuffix(p)}`,
  userrole: (p) => `Get-ManagementRoleAssignment -RoleAssignee ${ACCOUNT} -Role UserApplication${dcSuffix(p)} | Remove-ManagementRoleAssignment -Confirm:$false${dcSuffix(p)}`,
  archiverole: (p) => `Get-ManagementRoleAssignment -RoleAssignee ${ACCOUNT} -Role ArchiveApplication${dcSuffix(p)} | Remove-ManagementRoleAssignment -Confirm:$false${dcSuffix(p)}`,
  hide: (p) => `Set-MailUser -Identity ${ACCOUNT} -HiddenFromAddressListsEnabled $false${dcSuffix(p)}`,
  account: (p) => `Remove-MailUser -Identity ${ACCOUNT} -Confirm:$false${dcSuffix(p)}`,
};

/**
 * Refuses, before anyone approves, what PowerShell would refuse anyway: the account still named by a role assignment or
 * the partner application the request keeps, and a key of a certificate Exchange no longer signs with.
 */
function refusal(state: unknown, params: OperationParameters): Message | undefined {
  const current = asOAuthState(state);
  const parts = partsOf(params);
  if (parts.includes('key') && params.certificate && current.CertificateThumbprint !== params.certificate) {
    return msg('oauth.remove.certificateChanged', { was: String(params.certificate), now: String(current.CertificateThumbprint || '(none)') });
  }
  if (!parts.includes('account') || !current.ApplicationAccount) return undefined;
  const naming: Partial<Record<OAuthPart, boolean>> = {
    partner: Boolean(current.PartnerApplicationLinked),
    userrole: current.UserApplicationRole === true,
    archiverole: current.ArchiveApplicationRole === true,
  };
  const stillNaming = OAUTH_PARTS.filter((part) => naming[part] && !parts.includes(part));
  return stillNaming.length > 0 ? msg('oauth.remove.accountInUse', { account: ACCOUNT, parts: stillNaming.join(',') }) : undefined;
}

/**
 * Takes procedure B back, part by part (last step first), for decommissioning and for `undo` of its steps. Tenant-wide,
 * two approvals; each part already gone is skipped, and the read-back is the same state read.
 */
export const exchangeOAuthRemove: Operation = {
  name: NAME,
  syntax: {
    name: NAME,
    phrase: 'exchange oauth remove',
    args: [
      { name: 'parts', type: 'oauthParts', required: true, label: 'what to remove (key, expired, partner, roles, userrole, archiverole, hide, account or all, comma-separated)' },
      DC_ARG,
      { name: 'certificate', type: 'thumbprint', required: false, label: 'the thumbprint of the auth certificate whose key is removed' },
    ],
    summary: 'Take back steps of procedure B (the key, partner application, role assignments, hiding or account), or remove expired keys (tenant-wide, two approvals).',
    example: 'exchange oauth remove expired dc01.contoso.com',
  },
  risk: 'tenant-change',
  ...OAUTH_OPERATION_BASE,
  functions: ['Get-VoiceOpsExchangeOAuthState', 'Remove-VoiceOpsOAuthConfiguration'],
  change: (params) => ({
    command: 'Remove-VoiceOpsOAuthConfiguration',
    arguments: {
      Parts: partsOf(params).join(','),
      ...(params.certificate ? { CertificateThumbprint: String(params.certificate) } : {}),
      ...domainControllerArgument(params),
      VoicePath: voicePathOf(params),
    },
  }),
  preview: (params) => partsOf(params).map((part) => PREVIEW[part](params)).join('; '),
  validate: refusal,
  // The count of expired keys is a row of its own only where the request removes them.
  compare: (state, params) =>
    propertyRows(asOAuthState(state), wanted(params), partsOf(params).includes('expired') ? [...OAUTH_PROPERTIES, 'ExpiredKeys'] : OAUTH_PROPERTIES),
  verify: (state, params) => oauthVerification(state, wanted(params)),
};

/**
 * The removal that undoes a step of procedure B: the parts the step had still to do when it ran (from the state read
 * just before it), on the same domain controller; a key only while Exchange signs with the certificate it was for.
 */
export function oauthRemovalUndoing(prior: Record<string, unknown>, parts: OAuthPart[], params: OperationParameters): UndoPlan | undefined {
  if (parts.length === 0) return undefined;
  // As the parser writes them: the same removal typed by hand is the same request.
  const parameters: OperationParameters = { parts: inRemovalOrder(parts).join(',') };
  if (params.dc) parameters.dc = String(params.dc);
  if (parts.includes('key') && prior.CertificateThumbprint) parameters.certificate = String(prior.CertificateThumbprint);
  return { operation: NAME, parameters };
}
