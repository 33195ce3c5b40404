export type { SessionConnectPlan, TenantConnection } from './tenant-connection';
export { SimulatedTenantConnection } from './simulated-tenant-connection';
export { Microsoft365Connection, exchangeStatements } from './microsoft365-connection';
export type { ExchangeRemoteSession, Microsoft365ConnectionOptions } from './microsoft365-connection';
export { EntraAppTokens, GRAPH_SCOPE, TEAMS_ADMIN_SCOPE } from './entra-app-tokens';
export type { AppToken, EntraAppRegistration, EntraClientCredential, EntraAppTokenOptions } from './entra-app-tokens';
export { tenantConnectionFor } from './tenant-connection-for';
