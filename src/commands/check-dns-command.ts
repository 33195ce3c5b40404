import { factsCard } from '../cards/facts-view';
import type { CommandHandler } from '../bot/turn';
import type { DnsLookup } from '../domain/checks/dns-lookup';
import { checkEdgeDns, dnsCheckText } from '../domain/checks/edge-dns-check';

/** `check dns <domain> [<edge>]`: read-only, answered at once, nothing filed. */
export function checkDnsCommand(dns: DnsLookup): CommandHandler {
  return async (turn, values) => {
    const domain = String(values.domain);
    // The procedure's default peer destination is ap.<domain> (domain.md, step 5).
    const edge = String(values.edge ?? `ap.${domain}`);
    const rows = await checkEdgeDns(domain, edge, dns);
    const text = dnsCheckText(turn.t, domain, rows);
    const { t } = turn;
    const facts = rows.map((r) => ({ name: r.record, value: r.ok ? `✓ ${t.text(r.found)}` : `✗ ${t.t('dns.expected', { found: r.found, expected: r.expected })}` }));
    await turn.reply(text, factsCard(t.t('dns.title', { domain, edge }), facts, t.t('dns.footnote'), text));
  };
}
