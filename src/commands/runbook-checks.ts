import type { DnsLookup } from '../domain/checks/dns-lookup';
import { msg } from '../i18n/message';
import { checkEdgeDns, dnsCheckMessage } from '../domain/checks/edge-dns-check';
import { type LicenseSource, voiceLicenseVerdict } from '../domain/checks/license-check';
import type { OAuthCheckReader } from '../domain/checks/oauth-credential-check';
import { isUserError } from '../domain/errors';
import type { RunbookChecks } from '../domain/runbooks/runbook-service';

/** The existing read-only checks (check dns, check license, check oauth) as the runbooks verify steps with them. */
export function runbookChecks(deps: { dns: DnsLookup; licenses: LicenseSource; oauth: OAuthCheckReader }): RunbookChecks {
  return {
    dns: async (p) => {
      const rows = await checkEdgeDns(p.domain, p.edge, deps.dns);
      return { ok: rows.every((r) => r.ok), summary: dnsCheckMessage(p.domain, rows) };
    },
    license: async (p) => {
      try {
        const verdict = voiceLicenseVerdict(await deps.licenses.licenseDetails(p.user));
        return { ok: verdict.ok, summary: msg(verdict.ok ? 'runbook.licence.has' : 'runbook.licence.hasNot', { user: p.user, reason: verdict.why }) };
      } catch (error) {
        return { ok: false, summary: msg('runbook.licence.unreadable', { user: p.user, reason: isUserError(error) ? error.text : msg('runbook.licence.noAnswer') }) };
      }
    },
    oauth: async (p) => {
      const { verdict } = await deps.oauth.read({ dc: p.dc });
      return { ok: verdict.ok, summary: verdict.text };
    },
  };
}
