import { msg, type Message } from '../../i18n/message';

/** The DNS questions the edge check asks; answered by a real resolver (src/adapters/dns) or any server in tests. */
export interface SrvAnswer {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface DnsLookup {
  resolve4(name: string): Promise<string[]>;
  resolveSrv(name: string): Promise<SrvAnswer[]>;
}

/** Why a lookup gave no answer, in the words an admin needs (a catalog message, rendered in the reader's language). */
export function lookupFailure(error: unknown): { missing: boolean; text: Message } {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ENOTFOUND' || code === 'ENODATA') return { missing: true, text: msg('dns.found.noSuchRecord') };
  if (code === 'ETIMEOUT' || code === 'ECONNREFUSED') return { missing: false, text: msg('dns.found.noAnswer') };
  if (code === 'ESERVFAIL') return { missing: false, text: msg('dns.found.serverFailed') };
  // The resolver's error code (ETIMEOUT, EREFUSED, …) is shown as the resolver names it.
  return { missing: false, text: code ? msg('dns.found.lookupFailed', { code }) : msg('dns.found.unknownFailure') };
}
