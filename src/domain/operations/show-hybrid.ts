import { msg } from '../../i18n/message';
import type { Operation } from './operation';
import { hybridRows } from './hybrid-configuration';

/** Read-only: the tenant's hybrid connectivity settings. */
export const showHybrid: Operation = {
  name: 'show-hybrid',
  syntax: {
    name: 'show-hybrid',
    phrase: 'show hybrid',
    args: [],
    summary: "Show the tenant's hybrid connectivity settings (read-only, no approval).",
    example: 'show hybrid',
  },
  risk: 'read',
  target: 'teams',
  functions: ['Get-VoiceOpsHybridConfiguration'],
  targetUser: () => undefined,
  subject: () => 'tenant hybrid configuration',
  subjectText: () => msg('subject.hybridConfiguration'),
  readState: () => ({ command: 'Get-VoiceOpsHybridConfiguration', arguments: {} }),
  preview: () => 'Get-CsTenantHybridConfiguration; Get-CsTenantFederationConfiguration',
  compare: (state) => hybridRows(state, {}),
  verify: () => ({ verified: true, mismatches: [] }),
};
