import type { StateRow, UndoPlan } from './operation';
import { asRecord, showValue } from './operation';

/** A user's hybrid PSTN site as Get-VoiceOpsPstnSite returns it, with the tenant's sites. */
export interface PstnSiteState {
  UserPrincipalName: string;
  ObjectId: string;
  HybridPSTNSite: string;
  KnownSites: string[];
}

export function asPstnSiteState(output: unknown): PstnSiteState {
  const record = asRecord(output, 'Get-VoiceOpsPstnSite');
  const known = record.KnownSites;
  return {
    UserPrincipalName: String(record.UserPrincipalName ?? ''),
    ObjectId: String(record.ObjectId ?? ''),
    HybridPSTNSite: String(record.HybridPSTNSite ?? ''),
    KnownSites: Array.isArray(known) ? known.map(String) : typeof known === 'string' ? [known] : [],
  };
}

/** Shown for a user without a site; cards put it in the reader's words (value.tenantDefault). */
export const TENANT_DEFAULT_SITE = '(tenant default)';

/** "(tenant default)" reads better than "(none)": a user without a site uses the tenant's peer destination. */
export function siteRow(current: string, proposed: string): StateRow {
  const show = (site: string) => (site === '' ? TENANT_DEFAULT_SITE : showValue(site));
  return { property: 'HybridPSTNSite', current: show(current), proposed: show(proposed) };
}

export function siteUndo(prior: unknown, user: string): UndoPlan {
  const before = asPstnSiteState(prior).HybridPSTNSite;
  return before === ''
    ? { operation: 'clear-site', parameters: { user } }
    : { operation: 'assign-site', parameters: { user, site: before } };
}
