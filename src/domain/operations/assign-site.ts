import type { Operation } from './operation';
import { msg } from '../../i18n/message';
import { psLiteral } from './operation';
import { asPstnSiteState, siteRow, siteUndo } from './pstn-site-state';

/** Procedure A step 9: the user's calls go through the gateways of this hybrid PSTN site. */
export const assignSite: Operation = {
  name: 'assign-site',
  syntax: {
    name: 'assign-site',
    phrase: 'assign site',
    args: [
      { name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' },
      { name: 'site', type: 'siteName', required: true, label: 'the hybrid PSTN site' },
    ],
    summary: 'Put a user in a hybrid PSTN site (needs approval).',
    example: 'assign site alice@contoso.com SeattlePSTN',
  },
  risk: 'user-change',
  target: 'teams',
  functions: ['Get-VoiceOpsPstnSite', 'Set-VoiceOpsPstnSite'],
  targetUser: (params) => String(params.user),
  readState: (params) => ({ command: 'Get-VoiceOpsPstnSite', arguments: { Identity: String(params.user) } }),
  change: (params) => ({ command: 'Set-VoiceOpsPstnSite', arguments: { Identity: String(params.user), Site: String(params.site) } }),
  preview: (params) => `Set-CsUserPstnSettings -Identity ${psLiteral(String(params.user))} -HybridPstnSite ${psLiteral(String(params.site))}`,
  compare: (state, params) => [siteRow(asPstnSiteState(state).HybridPSTNSite, String(params.site))],
  verify: (state, params) => {
    const verified = asPstnSiteState(state).HybridPSTNSite === String(params.site);
    return { verified, mismatches: verified ? [] : ['HybridPSTNSite'] };
  },
  validate: (state, params) => {
    const { KnownSites } = asPstnSiteState(state);
    return KnownSites.includes(String(params.site))
      ? undefined
      : msg('validate.unknownSite', { site: String(params.site), sites: KnownSites.length ? KnownSites.join(', ') : msg('value.none') });
  },
  undo: (prior, params) => siteUndo(prior, String(params.user)),
};
