import { type DnsLookup, lookupFailure } from './dns-lookup';
import type { Translator } from '../../i18n/translator';
import { msg, type Message, type MessageParam } from '../../i18n/message';

/** One record the Cloud Connector procedure needs, what it should be and what DNS says. */
export interface DnsCheckRow {
  record: string;
  /** A record value (as DNS writes it) or the bot's words as a catalog message. */
  expected: string | Message;
  found: string | Message;
  ok: boolean;
}

/**
 * Step 4 of the Cloud Connector procedure: the Access Edge has an A record, and the SIP SRV records of
 * the domain point at it (_sip._tls on 443, _sipfederationtls._tcp on 5061).
 */
export async function checkEdgeDns(domain: string, accessEdge: string, dns: DnsLookup): Promise<DnsCheckRow[]> {
  const edge = accessEdge.toLowerCase();
  const rows: DnsCheckRow[] = [];
  rows.push(await addressRow(edge, dns));
  rows.push(await srvRow(`_sip._tls.${domain}`, edge, 443, dns));
  rows.push(await srvRow(`_sipfederationtls._tcp.${domain}`, edge, 5061, dns));
  return rows;
}

async function addressRow(edge: string, dns: DnsLookup): Promise<DnsCheckRow> {
  const record = `A ${edge}`;
  const expected = msg('dns.expected.address');
  try {
    const addresses = await dns.resolve4(edge);
    return { record, expected, found: addresses.join(', ') || msg('dns.found.noAddress'), ok: addresses.length > 0 };
  } catch (error) {
    return { record, expected, found: lookupFailure(error).text, ok: false };
  }
}

async function srvRow(name: string, edge: string, port: number, dns: DnsLookup): Promise<DnsCheckRow> {
  const record = `SRV ${name}`;
  const expected = `${edge}:${port}`;
  try {
    const answers = await dns.resolveSrv(name);
    const found = answers.map((a) => `${a.name.toLowerCase().replace(/\.$/, '')}:${a.port}`);
    return { record, expected, found: found.join(', ') || msg('dns.found.noRecord'), ok: found.includes(expected) };
  } catch (error) {
    return { record, expected, found: lookupFailure(error).text, ok: false };
  }
}

export function dnsCheckText(t: Translator, domain: string, rows: DnsCheckRow[]): string {
  const bad = rows.filter((r) => !r.ok);
  const lines = rows
    .map((r) => (r.ok ? `✓ ${r.record}: ${t.text(r.found)}` : `✗ ${r.record}: ${t.t('dns.expected', { found: r.found, expected: r.expected })}`))
    .join(t.t('readiness.separator'));
  return bad.length === 0
    ? t.t('dns.ready', { domain, lines })
    : t.t('dns.notReady', { domain, bad: bad.length, total: rows.length, lines });
}

/** The same sentence as dnsCheckText, as a catalog message a runbook stores and renders later in each reader's language. */
export function dnsCheckMessage(domain: string, rows: DnsCheckRow[]): Message {
  const bad = rows.filter((r) => !r.ok);
  const line = (r: DnsCheckRow): MessageParam =>
    r.ok ? msg('runbook.dns.goodLine', { record: r.record, found: r.found }) : msg('runbook.dns.badLine', { record: r.record, expectation: msg('dns.expected', { found: r.found, expected: r.expected }) });
  // Lines joined by the reader's separator: each link of the chain is a nested message.
  const lines = rows.reduceRight<MessageParam | undefined>(
    (rest, r) => (rest === undefined ? line(r) : msg('runbook.dns.lines', { line: line(r), separator: msg('readiness.separator'), rest })),
    undefined,
  ) ?? '';
  return bad.length === 0 ? msg('dns.ready', { domain, lines }) : msg('dns.notReady', { domain, bad: bad.length, total: rows.length, lines });
}
