import { msg } from '../../i18n/message';
import type { Operation, StateRow } from './operation';
import { TENANT_DEFAULT_SITE } from './pstn-site-state';
import { asList, asRecord } from './operation';

function siteRows(output: unknown): StateRow[] {
  return asList(asRecord(output, 'Get-VoiceOpsPstnSites').Users).map((entry) => {
    const user = asRecord(entry, 'Get-VoiceOpsPstnSites');
    const site = String(user.HybridPSTNSite ?? '') || TENANT_DEFAULT_SITE;
    return { property: String(user.UserPrincipalName), current: site, proposed: site };
  });
}

/** Read-only: every user and their hybrid PSTN site. */
export const listSites: Operation = {
  name: 'list-sites',
  syntax: {
    name: 'list-sites',
    phrase: 'list sites',
    args: [],
    summary: 'Show every user and their hybrid PSTN site (read-only, no approval).',
    example: 'list sites',
  },
  risk: 'read',
  target: 'teams',
  functions: ['Get-VoiceOpsPstnSites'],
  targetUser: () => undefined,
  subject: () => 'PSTN sites',
  subjectText: () => msg('subject.pstnSites'),
  readState: () => ({ command: 'Get-VoiceOpsPstnSites', arguments: {} }),
  preview: () => 'Get-CsOnlineUser | Get-CsUserPstnSettings',
  compare: (state) => siteRows(state),
  verify: () => ({ verified: true, mismatches: [] }),
};
