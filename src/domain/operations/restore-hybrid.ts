import { msg } from '../../i18n/message';
import type { Operation, OperationParameters } from './operation';
import { psLiteral } from './operation';
import { hybridRows, hybridVerification, restoreParameters, type HybridConfiguration } from './hybrid-configuration';

const desired = (params: OperationParameters): HybridConfiguration => ({
  PeerDestination: params.edge === 'none' ? '' : String(params.edge),
  UseOnPremDialPlan: params.dialplan === 'true',
  SharedSipAddressSpace: params.sharedsip === 'true',
});

/** Sets all three hybrid settings to given values: what `undo` files for configure hybrid. */
export const restoreHybrid: Operation = {
  name: 'restore-hybrid',
  syntax: {
    name: 'restore-hybrid',
    phrase: 'restore hybrid',
    args: [
      { name: 'edge', type: 'fqdnOrNone', required: true, label: 'the Access Edge FQDN, or none' },
      { name: 'dialplan', type: 'boolean', required: true, label: 'whether hybrid users use the on-premises dial plan (true or false)' },
      { name: 'sharedsip', type: 'boolean', required: true, label: 'whether the SIP address space is shared (true or false)' },
    ],
    summary: 'Set the tenant hybrid settings back to given values; undo files this (tenant-wide, two approvals).',
    example: 'restore hybrid none true false',
  },
  risk: 'tenant-change',
  target: 'teams',
  functions: ['Get-VoiceOpsHybridConfiguration', 'Set-VoiceOpsHybridConfiguration'],
  targetUser: () => undefined,
  subject: () => 'tenant hybrid configuration',
  subjectText: () => msg('subject.hybridConfiguration'),
  readState: () => ({ command: 'Get-VoiceOpsHybridConfiguration', arguments: {} }),
  change: (params) => {
    const wanted = desired(params);
    return { command: 'Set-VoiceOpsHybridConfiguration', arguments: { ...wanted } };
  },
  preview: (params) => {
    const wanted = desired(params);
    const peer = wanted.PeerDestination ? psLiteral(wanted.PeerDestination) : '$null';
    return (
      `Set-CsTenantHybridConfiguration -PeerDestination ${peer} -UseOnPremDialPlan $${wanted.UseOnPremDialPlan}; ` +
      `Set-CsTenantFederationConfiguration -SharedSipAddressSpace $${wanted.SharedSipAddressSpace}`
    );
  },
  compare: (state, params) => hybridRows(state, desired(params)),
  verify: (state, params) => hybridVerification(state, desired(params)),
  undo: (prior) => ({ operation: 'restore-hybrid', parameters: restoreParameters(prior) }),
};
