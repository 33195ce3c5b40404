import { readFileSync } from 'fs';
import type { INetworkModule } from '@azure/msal-node';
import type { TenantConnectionConfig } from '../../config/read-config';
import { EntraAppTokens } from './entra-app-tokens';
import { Microsoft365Connection } from './microsoft365-connection';
import { SimulatedTenantConnection } from './simulated-tenant-connection';
import type { TenantConnection } from './tenant-connection';

export interface TenantConnectionContext {
  powershellModulesDir: string;
  tenantStatePath: string;
  networkClient?: INetworkModule;
}

/** The connection the configuration selects: the simulated tenant unless VOICEOPS_TENANT=microsoft365. */
export function tenantConnectionFor(config: TenantConnectionConfig, context: TenantConnectionContext): TenantConnection {
  if (config.kind === 'simulated') return new SimulatedTenantConnection(context.powershellModulesDir, context.tenantStatePath);
  const credential =
    config.clientCertificatePath !== undefined
      ? { kind: 'certificate' as const, pem: readFileSync(config.clientCertificatePath, 'utf8') }
      : { kind: 'secret' as const, secret: config.clientSecret ?? '' };
  const tokens = new EntraAppTokens(
    { tenantId: config.tenantId, clientId: config.clientId, credential, authorityHost: config.authorityHost },
    { networkClient: context.networkClient },
  );
  return new Microsoft365Connection({ tokens, teamsModule: config.teamsModule, exchange: config.exchange });
}
