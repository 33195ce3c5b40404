import { Resolver } from 'node:dns/promises';
import type { DnsLookup, SrvAnswer } from '../../domain/checks/dns-lookup';

/**
 * Real DNS queries over UDP with Node's resolver (c-ares). `servers` (host or host:port) overrides the
 * system resolvers: checks should ask the public internet view, and tests point it at a local server.
 */
export class NodeDnsLookup implements DnsLookup {
  private readonly resolver: Resolver;

  constructor(servers: string[] = [], options: { timeoutMs?: number } = {}) {
    this.resolver = new Resolver({ timeout: options.timeoutMs ?? 3000, tries: 2 });
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  resolve4(name: string): Promise<string[]> {
    return this.resolver.resolve4(name);
  }

  resolveSrv(name: string): Promise<SrvAnswer[]> {
    return this.resolver.resolveSrv(name);
  }
}
