import type { DnsLookup } from '../domain/checks/dns-lookup';
import { englishTranslator } from '../i18n/translator';
import { checkEdgeDns, dnsCheckText } from '../domain/checks/edge-dns-check';
import { type LicenseSource, voiceLicenseVerdict } from '../domain/checks/license-check';
import type { OAuthCheckReader } from '../domain/checks/oauth-credential-check';
import { isUserError } from '../domain/errors';
import type { RunbookChecks } from '../domain/runbooks/runbook-service';

const LICENCE_TEXT = {
  has: (user: string, reason: string) => `${user} has a voice licence: ${reason}.`,
  hasNot: (user: string, reason: string) => `${user} has no voice licence: ${reason}.`,
  unreadable: (user: string, reason: string) => `The licences of ${user} could not be read: ${reason}`,
};

/** The existing read-only checks (check dns, check license, check oauth) as the runbooks verify steps with them. */
export function runbookChecks(deps: { dns: DnsLookup; licenses: LicenseSource; oauth: OAuthCheckReader }): RunbookChecks {
  return {
    dns: async (p) => {
      const rows = await checkEdgeDns(p.domain, p.edge, deps.dns);
      return { ok: rows.every((r) => r.ok), summary: dnsCheckText(englishTranslator(), p.domain, rows) };
    },
    license: async (p) => {
      try {
        const verdict = voiceLicenseVerdict(await deps.licenses.licenseDetails(p.user));
        return { ok: verdict.ok, summary: verdict.ok ? LICENCE_TEXT.has(p.user, verdict.reason) : LICENCE_TEXT.hasNot(p.user, verdict.reason) };
      } catch (error) {
        return { ok: false, summary: LICENCE_TEXT.unreadable(p.user, isUserError(error) ? error.message : 'the directory did not answer.') };
      }
    },
    oauth: async (p) => {
      const { verdict } = await deps.oauth.read({ dc: p.dc });
      return { ok: verdict.ok, summary: verdict.message };
    },
  };
}
