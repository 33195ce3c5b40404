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

/** Why a lookup gave no answer, in the words an admin needs. */
export function lookupFailure(error: unknown): { missing: boolean; text: string } {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ENOTFOUND' || code === 'ENODATA') return { missing: true, text: 'no such record' };
  if (code === 'ETIMEOUT' || code === 'ECONNREFUSED') return { missing: false, text: 'the DNS server did not answer' };
  if (code === 'ESERVFAIL') return { missing: false, text: 'the DNS server failed (SERVFAIL)' };
  return { missing: false, text: `lookup failed (${code || 'unknown error'})` };
}
