import type { OAuthPart } from '../parser/value-types';
import type { Operation, OperationParameters } from './operation';
import { propertyRows, voicePathOf } from './operation';
import { exchangeOAuthRemove, oauthRemovalUndoing } from './exchange-oauth-remove';
import {
  ACCOUNT,
  asOAuthState,
  CERTIFICATE_PROPERTIES,
  DC_ARG,
  dcSuffix,
  DOMAIN_ARG,
  domainControllerArgument,
  oauthRows,
  oauthVerification,
  OAUTH_OPERATION_BASE,
  SFB_APP_ID,
} from './exchange-oauth-state';

interface StepSpec {
  name: string;
  step: string;
  functionName: string;
  needsDomain: boolean;
  /** Whether the step touches the service principal, whose API (MSOnline or Graph) the voice path decides. */
  usesServicePrincipal?: boolean;
  wanted: Record<string, unknown>;
  /** What `exchange oauth remove` takes back when the prior state shows the step had still to be done. */
  undone: (prior: Record<string, unknown>) => OAuthPart[];
  summary: string;
  preview(params: OperationParameters): string;
}

/**
 * One step of procedure B (or all of them), runnable on its own: tenant-wide, so two approvals. Each step's function
 * skips what is already done, and its read-back is the same state read, so a repeated step changes nothing.
 */
function oauthStep(spec: StepSpec): Operation {
  return {
    name: spec.name,
    syntax: {
      name: spec.name,
      phrase: `exchange oauth ${spec.step}`,
      args: spec.needsDomain ? [DOMAIN_ARG, DC_ARG] : [DC_ARG],
      summary: spec.summary,
      example: `exchange oauth ${spec.step}${spec.needsDomain ? ' contoso.com' : ''} dc01.contoso.com`,
    },
    risk: 'tenant-change',
    ...OAUTH_OPERATION_BASE,
    functions: ['Get-VoiceOpsExchangeOAuthState', spec.functionName],
    change: (params) => ({
      command: spec.functionName,
      arguments: {
        ...(spec.needsDomain ? { Domain: String(params.domain) } : {}),
        ...domainControllerArgument(params),
        ...(spec.usesServicePrincipal ? { VoicePath: voicePathOf(params) } : {}),
      },
    }),
    preview: spec.preview,
    compare: (state) => oauthRows(state, spec.wanted),
    verify: (state) => oauthVerification(state, spec.wanted),
    undo: (prior, params) => {
      const before = asOAuthState(prior);
      return oauthRemovalUndoing(before, spec.undone(before), params);
    },
  };
}

const notDone = (prior: Record<string, unknown>, property: string) => prior[property] !== true;

const accountStep = {
  wanted: { ApplicationAccount: true },
  undone: (prior: Record<string, unknown>): OAuthPart[] => (prior.ApplicationAccount ? [] : ['account']),
  preview: (p: OperationParameters) => `New-MailUser -Name ${ACCOUNT} -ExternalEmailAddress ${ACCOUNT}@${String(p.domain)}${dcSuffix(p)}`,
};
const hideStep = {
  wanted: { HiddenFromAddressLists: true },
  undone: (prior: Record<string, unknown>): OAuthPart[] => (notDone(prior, 'HiddenFromAddressLists') ? ['hide'] : []),
  preview: (p: OperationParameters) => `Set-MailUser -Identity ${ACCOUNT} -HiddenFromAddressListsEnabled $true${dcSuffix(p)}`,
};
const rolesStep = {
  wanted: { UserApplicationRole: true, ArchiveApplicationRole: true },
  undone: (prior: Record<string, unknown>): OAuthPart[] => [
    ...(notDone(prior, 'UserApplicationRole') ? (['userrole'] as const) : []),
    ...(notDone(prior, 'ArchiveApplicationRole') ? (['archiverole'] as const) : []),
  ],
  preview: (p: OperationParameters) =>
    `New-ManagementRoleAssignment -Role UserApplication -User ${ACCOUNT}${dcSuffix(p)}; New-ManagementRoleAssignment -Role ArchiveApplication -User ${ACCOUNT}${dcSuffix(p)}`,
};
const partnerStep = {
  wanted: { PartnerApplicationEnabled: true },
  // A partner application that existed disabled was not made by the step: it is not the step's to remove.
  undone: (prior: Record<string, unknown>): OAuthPart[] => (notDone(prior, 'PartnerApplicationEnabled') && !prior.PartnerApplicationLinked ? ['partner'] : []),
  preview: (p: OperationParameters) =>
    `New-PartnerApplication -Name SfBOnline -ApplicationIdentifier ${SFB_APP_ID} -Enabled $true -LinkedAccount ${ACCOUNT}${dcSuffix(p)}`,
};
const uploadStep = {
  wanted: { CredentialMatchesCertificate: true },
  undone: (prior: Record<string, unknown>): OAuthPart[] => (notDone(prior, 'CredentialMatchesCertificate') ? ['key'] : []),
  preview: (p: OperationParameters) =>
    `Get-ExchangeCertificate -Thumbprint (Get-AuthConfig${dcSuffix(p)}).CurrentCertificateThumbprint; ` +
    (voicePathOf(p) === 'modern'
      ? `Update-MgServicePrincipal -ServicePrincipalId <appId ${SFB_APP_ID}> -KeyCredentials (<existing keys> + @{Type='AsymmetricX509Cert'; Usage='Verify'; Key=<certificate>; StartDateTime=<NotBefore>; EndDateTime=<NotAfter>})`
      : `New-MsolServicePrincipalCredential -AppPrincipalId ${SFB_APP_ID} -Type Asymmetric -Usage Verify -Value <certificate> -StartDate <NotBefore> -EndDate <NotAfter>`),
};

export const exchangeOAuthAccount = oauthStep({
  name: 'exchange-oauth-account',
  step: 'account',
  functionName: 'New-VoiceOpsOAuthApplicationAccount',
  needsDomain: true,
  summary: 'Procedure B step 2a: create the mail user SfBOnline-ApplicationAccount (tenant-wide, two approvals).',
  ...accountStep,
});

export const exchangeOAuthHide = oauthStep({
  name: 'exchange-oauth-hide',
  step: 'hide',
  functionName: 'Set-VoiceOpsOAuthAccountHidden',
  needsDomain: false,
  summary: 'Procedure B step 2b: hide the application account from address lists (tenant-wide, two approvals).',
  ...hideStep,
});

export const exchangeOAuthRoles = oauthStep({
  name: 'exchange-oauth-roles',
  step: 'roles',
  functionName: 'Add-VoiceOpsOAuthRoleAssignments',
  needsDomain: false,
  summary: 'Procedure B step 2c: give the account the UserApplication and ArchiveApplication roles (tenant-wide, two approvals).',
  ...rolesStep,
});

export const exchangeOAuthPartner = oauthStep({
  name: 'exchange-oauth-partner',
  step: 'partner',
  functionName: 'New-VoiceOpsOAuthPartnerApplication',
  needsDomain: false,
  summary: 'Procedure B step 3: the SfBOnline partner application linked to the account (tenant-wide, two approvals).',
  ...partnerStep,
});

export const exchangeOAuthUpload = oauthStep({
  name: 'exchange-oauth-upload',
  step: 'upload',
  functionName: 'Publish-VoiceOpsAuthCertificate',
  needsDomain: false,
  usesServicePrincipal: true,
  summary: "Procedure B steps 4-5: export Exchange's auth certificate and add it to SfB Online's credentials (tenant-wide, two approvals).",
  ...uploadStep,
});

export const exchangeOAuthSetup = oauthStep({
  name: 'exchange-oauth-setup',
  step: 'setup',
  functionName: 'Invoke-VoiceOpsOAuthSetup',
  needsDomain: true,
  usesServicePrincipal: true,
  summary: 'Procedure B, every step in order, skipping those already done (tenant-wide, two approvals).',
  wanted: { ...accountStep.wanted, ...hideStep.wanted, ...rolesStep.wanted, ...partnerStep.wanted, ...uploadStep.wanted },
  undone: (prior) => [accountStep, hideStep, rolesStep, partnerStep, uploadStep].flatMap((step) => step.undone(prior)),
  preview: (p) => [accountStep, hideStep, rolesStep, partnerStep, uploadStep].map((s) => s.preview(p)).join('; '),
});

function readOnlyStep(spec: { name: string; step: string; summary: string; properties: readonly string[]; preview: string }): Operation {
  return {
    name: spec.name,
    syntax: { name: spec.name, phrase: `exchange oauth ${spec.step}`, args: [DC_ARG], summary: spec.summary, example: `exchange oauth ${spec.step}` },
    risk: 'read',
    ...OAUTH_OPERATION_BASE,
    functions: ['Get-VoiceOpsExchangeOAuthState'],
    preview: () => spec.preview,
    compare: (state) => propertyRows(asOAuthState(state), {}, spec.properties),
    verify: () => ({ verified: true, mismatches: [] }),
  };
}

export const exchangeOAuthExport = readOnlyStep({
  name: 'exchange-oauth-export',
  step: 'certificate',
  summary: "Procedure B step 4: show Exchange's current OAuth certificate (read-only, no approval).",
  properties: CERTIFICATE_PROPERTIES,
  preview: 'Get-ExchangeCertificate -Thumbprint (Get-AuthConfig).CurrentCertificateThumbprint',
});

export const exchangeOAuthVerify = readOnlyStep({
  name: 'exchange-oauth-verify',
  step: 'verify',
  summary: "Procedure B step 6: check every step, and that SfB Online's key matches the certificate's dates (read-only).",
  properties: ['ApplicationAccount', 'HiddenFromAddressLists', 'UserApplicationRole', 'ArchiveApplicationRole', 'PartnerApplicationEnabled', 'CertificateNotBefore', 'CertificateNotAfter', 'ServicePrincipalKeys', 'CredentialMatchesCertificate'],
  preview: `Get-MsolServicePrincipalCredential -AppPrincipalId ${SFB_APP_ID} -ReturnKeyValues $false (Get-MgServicePrincipal on the modern path)`,
});

export const EXCHANGE_OAUTH_OPERATIONS: readonly Operation[] = [
  exchangeOAuthAccount,
  exchangeOAuthHide,
  exchangeOAuthRoles,
  exchangeOAuthPartner,
  exchangeOAuthExport,
  exchangeOAuthUpload,
  exchangeOAuthVerify,
  exchangeOAuthSetup,
  exchangeOAuthRemove,
];
