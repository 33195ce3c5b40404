import { msg } from '../../i18n/message';
import type { Operation, OperationParameters } from './operation';
import { psLiteral } from './operation';
import { hybridRows, hybridVerification, restoreParameters, type HybridConfiguration } from './hybrid-configuration';

const desired = (params: OperationParameters): HybridConfiguration => ({
  PeerDestination: String(params.edge),
  UseOnPremDialPlan: false,
  SharedSipAddressSpace: true,
});

/** Procedure A step 5: hybrid connectivity for the whole tenant, so it is high risk. */
export const configureHybrid: Operation = {
  name: 'configure-hybrid',
  syntax: {
    name: 'configure-hybrid',
    phrase: 'configure hybrid',
    args: [{ name: 'edge', type: 'fqdn', required: true, label: 'the external Access Edge FQDN' }],
    summary: 'Point the tenant at the on-premises Access Edge and share the SIP address space (tenant-wide, two approvals).',
    example: 'configure hybrid ap.contoso.com',
  },
  risk: 'tenant-change',
  target: 'teams',
  functions: ['Get-VoiceOpsHybridConfiguration', 'Set-VoiceOpsHybridConfiguration'],
  targetUser: () => undefined,
  subject: () => 'tenant hybrid configuration',
  subjectText: () => msg('subject.hybridConfiguration'),
  readState: () => ({ command: 'Get-VoiceOpsHybridConfiguration', arguments: {} }),
  change: (params) => ({
    command: 'Set-VoiceOpsHybridConfiguration',
    arguments: { PeerDestination: String(params.edge), UseOnPremDialPlan: false, SharedSipAddressSpace: true },
  }),
  preview: (params) =>
    `Set-CsTenantHybridConfiguration -PeerDestination ${psLiteral(String(params.edge))} -UseOnPremDialPlan $false; ` +
    'Set-CsTenantFederationConfiguration -SharedSipAddressSpace $true',
  compare: (state, params) => hybridRows(state, desired(params)),
  verify: (state, params) => hybridVerification(state, desired(params)),
  undo: (prior) => ({ operation: 'restore-hybrid', parameters: restoreParameters(prior) }),
};
