import type { Operation } from './operation';
import { psLiteral } from './operation';
import { asPstnSiteState, siteRow } from './pstn-site-state';

/** Read-only: one user's hybrid PSTN site. */
export const showSite: Operation = {
  name: 'show-site',
  syntax: {
    name: 'show-site',
    phrase: 'show site',
    args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
    summary: "Show a user's hybrid PSTN site (read-only, no approval).",
    example: 'show site alice@contoso.com',
  },
  risk: 'read',
  target: 'teams',
  functions: ['Get-VoiceOpsPstnSite'],
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsPstnSite', arguments: { Identity: String(params.user) } }),
  preview: (params) => `Get-CsUserPstnSettings -Identity ${psLiteral(String(params.user))}`,
  compare: (state) => {
    const site = asPstnSiteState(state).HybridPSTNSite;
    return [siteRow(site, site)];
  },
  verify: () => ({ verified: true, mismatches: [] }),
};
