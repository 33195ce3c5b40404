import type { Operation } from './operation';
import { psLiteral } from './operation';
import { asPstnSiteState, siteRow, siteUndo } from './pstn-site-state';

/** Takes the user out of their site, so the tenant's peer destination (the fallback site) serves them. */
export const clearSite: Operation = {
  name: 'clear-site',
  syntax: {
    name: 'clear-site',
    phrase: 'clear site',
    args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
    summary: "Take a user out of their hybrid PSTN site, back to the tenant's default (needs approval).",
    example: 'clear site alice@contoso.com',
  },
  risk: 'user-change',
  target: 'teams',
  functions: ['Get-VoiceOpsPstnSite', 'Set-VoiceOpsPstnSite'],
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsPstnSite', arguments: { Identity: String(params.user) } }),
  change: (params) => ({ command: 'Set-VoiceOpsPstnSite', arguments: { Identity: String(params.user), Site: '' } }),
  preview: (params) => `Set-CsUserPstnSettings -Identity ${psLiteral(String(params.user))} -HybridPstnSite $null`,
  compare: (state) => [siteRow(asPstnSiteState(state).HybridPSTNSite, '')],
  verify: (state) => {
    const verified = asPstnSiteState(state).HybridPSTNSite === '';
    return { verified, mismatches: verified ? [] : ['HybridPSTNSite'] };
  },
  undo: (prior, params) => siteUndo(prior, String(params.user)),
};
