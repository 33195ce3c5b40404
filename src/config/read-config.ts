import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotEnv } from 'dotenv';
import { resolvePwshPath } from '../adapters/powershell/resolve-pwsh-path';
import { type AuditConfig, readAuditConfig } from '../audit/audit-config';
import { PROJECT_ROOT } from './project-root';
import { LOCALES, normaliseLocale, type Locale } from '../i18n/locale';

export interface BulkConfig {
  maxRows: number;
  maxFileBytes: number;
  /** Progress card updates of a running bulk request are at least this far apart. */
  progressIntervalMs: number;
  /** How long an outcomes download link works. */
  linkTtlMs: number;
  /** Base URL of the bot as users' browsers reach it (download links); empty: the address the server listens on. */
  publicUrl: string;
}

/** `test-auth` is production's inbound authentication against a local identity provider, for tests only. */
export type Mode = 'dev' | 'production' | 'test-auth';

export interface Config {
  mode: Mode;
  host: string;
  port: number;
  /** Bot Framework registration; empty in dev mode, which disables inbound authentication. */
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppTenantId: string;
  microsoftAppType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  /** Entra tenants whose activities are accepted; everything else is refused. */
  allowedTenantIds: string[];
  /** Tenant id recorded on requests and audit records. */
  tenantId: string;
  dataDir: string;
  databasePath: string;
  policyPath: string;
  /** pwsh to run: VOICEOPS_PWSH, else pwsh on PATH, else ~/.dotnet/tools/pwsh or ~/.local/bin/pwsh; undefined when none is installed. */
  pwshPath: string | undefined;
  poolSize: number;
  operationTimeoutMs: number;
  tenantStatePath: string;
  powershellModulesDir: string;
  /** DNS servers for `check dns` (host or host:port); empty means the system resolvers. */
  dnsServers: string[];
  /** Public host name of the bot, used in the Teams app package. */
  botDomain: string;
  /** Lowest level the logger writes. */
  logLevel: LogLevel;
  /** OTLP/HTTP collector base URL; traces are exported only when set. */
  otlpEndpoint: string | undefined;
  serviceName: string;
  /** Which cmdlets voice operations use: legacy (Set-CsUser, Cloud Connector) or modern (Direct Routing). */
  voicePath: 'legacy' | 'modern';
  /** Languages of replies and cards (docs/localisation.md). */
  locales: { default: Locale; approvals: Locale | undefined; users: Record<string, Locale> };
  /** Audit trail keys and checkpoints (docs/audit.md). */
  audit: AuditConfig;
  /** Policy `group:` principals are checked in Microsoft Graph (VOICEOPS_GRAPH_GROUPS=true), else static lists. */
  graphGroups: boolean;
  graphBaseUrl: string;
  /** Only in test-auth mode: the local identity provider that stands in for login.botframework.com and Entra. */
  testIdentityProvider?: TestIdentityProvider;
  /** Inbound rate limits, applied after authentication. */
  rateLimits: RateLimits;
  /** Outbound sends paced to Teams' per-conversation limits; only dev mode may turn it off (local load benchmarks). */
  paceOutbound: boolean;
  /** PostgreSQL for scale-out (replicas + workers, see docs/scale-out.md); unset means the embedded SQLite store. */
  databaseUrl: string | undefined;
  /** Which tenant the PowerShell sessions connect to (VOICEOPS_TENANT); the simulated one by default. */
  tenantConnection: TenantConnectionConfig;
  /** Recycling and output limits of the warm pwsh sessions. */
  executorLimits: ExecutorLimits;
  /** Bulk changes from CSV (docs/bulk.md). */
  bulk: BulkConfig;
}

export type TenantConnectionConfig =
  | { kind: 'simulated' }
  | {
      kind: 'microsoft365';
      /** Entra tenant (directory) id the app-only tokens are issued for. */
      tenantId: string;
      clientId: string;
      clientSecret?: string;
      /** PEM file with the app's certificate and private key; preferred over a secret when both are set. */
      clientCertificatePath?: string;
      authorityHost?: string;
      teamsModule?: string;
      exchange?: {
        connectionUri: string;
        authentication: 'Kerberos' | 'Negotiate' | 'Basic';
        username?: string;
        password?: string;
      };
    };

export interface ExecutorLimits {
  /** Retire a session after this many operations. */
  maxJobsPerSession: number;
  /** Retire a session once its pwsh holds more resident memory than this. */
  maxSessionRssBytes: number;
  /** Kill a session whose single operation prints more than this. */
  maxOutputBytes: number;
}


export interface TestIdentityProvider {
  /** OpenID metadata for channel tokens (botbuilder's BotOpenIdMetadata). */
  channelOpenIdMetadataUrl: string;
  /** OpenID metadata for emulator-path tokens (botbuilder's ToBotFromEmulatorOpenIdMetadataUrl). */
  emulatorOpenIdMetadataUrl: string;
  /** OAuth2 client-credentials endpoint the bot gets its outbound connector tokens from. */
  tokenUrl: string;
}

export interface RateLimits {
  userBurst: number;
  userPerMinute: number;
  tenantBurst: number;
  tenantPerMinute: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The simulated contoso tenant used in dev mode and tests. */
export const DEV_TENANT_ID = '72f988bf-0000-4000-8000-00000000c0de';

/** The process environment over the values of `.env` (the environment wins), for the entry points. */
export function loadEnvironment(envFile = join(PROJECT_ROOT, '.env')): NodeJS.ProcessEnv {
  const fromFile = existsSync(envFile) ? parseDotEnv(readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}

/** Config is a pure function of the environment; this is the only module that reads process.env. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production' || env.VOICEOPS_MODE === 'production';
  if (production && env.VOICEOPS_MODE === 'test-auth') {
    throw new ConfigError('VOICEOPS_MODE=test-auth trusts a local identity provider and is refused in production.');
  }
  const testAuth = env.VOICEOPS_MODE === 'test-auth';
  const mode: Mode = production ? 'production' : testAuth ? 'test-auth' : 'dev';
  const dataDir = resolve(env.VOICEOPS_DATA_DIR ?? join(PROJECT_ROOT, 'data'));
  const microsoftAppId = env.MicrosoftAppId ?? '';
  const allowedTenantIds = list(env.ALLOWED_TENANT_IDS ?? (production ? '' : DEV_TENANT_ID));
  const config: Config = {
    mode,
    host: env.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: integer(env.PORT ?? '3978', 'PORT', 0, 65535),
    microsoftAppId,
    microsoftAppPassword: env.MicrosoftAppPassword ?? '',
    microsoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    // Without an app id botbuilder runs unauthenticated, which it only allows for the MultiTenant type.
    microsoftAppType: appType(env.MicrosoftAppType ?? (microsoftAppId || production ? 'SingleTenant' : 'MultiTenant')),
    allowedTenantIds,
    tenantId: env.VOICEOPS_TENANT_ID ?? allowedTenantIds[0] ?? DEV_TENANT_ID,
    dataDir,
    databasePath: resolve(env.VOICEOPS_DATABASE_PATH ?? join(dataDir, 'voiceops.sqlite')),
    policyPath: resolve(env.VOICEOPS_POLICY ?? join(PROJECT_ROOT, 'config', production ? 'policy.json' : 'policy.dev.json')),
    pwshPath: resolvePwshPath(env),
    poolSize: integer(env.VOICEOPS_POOL_SIZE ?? '2', 'VOICEOPS_POOL_SIZE', 1, 32),
    operationTimeoutMs: integer(env.VOICEOPS_OPERATION_TIMEOUT_MS ?? '60000', 'VOICEOPS_OPERATION_TIMEOUT_MS', 1000, 3_600_000),
    tenantStatePath: resolve(env.VOICEOPS_TENANT_STATE ?? join(dataDir, 'tenant.json')),
    powershellModulesDir: join(PROJECT_ROOT, 'powershell'),
    botDomain: env.BOT_DOMAIN ?? 'localhost',
    logLevel: logLevel(env.VOICEOPS_LOG_LEVEL ?? 'info'),
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined,
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'voiceops',
    voicePath: voicePath(env.VOICEOPS_VOICE_PATH ?? 'legacy'),
    locales: {
      default: locale(env.VOICEOPS_DEFAULT_LOCALE || 'en', 'VOICEOPS_DEFAULT_LOCALE'),
      approvals: env.VOICEOPS_APPROVAL_LOCALE ? locale(env.VOICEOPS_APPROVAL_LOCALE, 'VOICEOPS_APPROVAL_LOCALE') : undefined,
      users: userLocales(env.VOICEOPS_USER_LOCALES ?? ''),
    },
    audit: readAuditConfig(env, dataDir),
    graphGroups: env.VOICEOPS_GRAPH_GROUPS === 'true',
    graphBaseUrl: env.VOICEOPS_GRAPH_URL ?? 'https://graph.microsoft.com/v1.0',
    dnsServers: list(env.VOICEOPS_DNS_SERVERS ?? ''),
    databaseUrl: env.DATABASE_URL || undefined,
    tenantConnection: tenantConnectionConfig(env),
    executorLimits: {
      maxJobsPerSession: integer(env.VOICEOPS_SESSION_MAX_JOBS ?? '10000', 'VOICEOPS_SESSION_MAX_JOBS', 1, 1_000_000),
      maxSessionRssBytes: integer(env.VOICEOPS_SESSION_MAX_RSS_MB ?? '1024', 'VOICEOPS_SESSION_MAX_RSS_MB', 64, 65_536) * 1024 * 1024,
      maxOutputBytes: integer(env.VOICEOPS_MAX_OUTPUT_MB ?? '2', 'VOICEOPS_MAX_OUTPUT_MB', 2, 64) * 1024 * 1024,
    },
    testIdentityProvider: testAuth ? testIdentityProvider(env) : undefined,
    paceOutbound: env.VOICEOPS_PACE_OUTBOUND !== 'off',
    bulk: {
      maxRows: integer(env.VOICEOPS_BULK_MAX_ROWS ?? '1000', 'VOICEOPS_BULK_MAX_ROWS', 1, 100_000),
      maxFileBytes: integer(env.VOICEOPS_BULK_MAX_FILE_KB ?? '256', 'VOICEOPS_BULK_MAX_FILE_KB', 1, 16_384) * 1024,
      progressIntervalMs: integer(env.VOICEOPS_BULK_PROGRESS_MS ?? '3000', 'VOICEOPS_BULK_PROGRESS_MS', 0, 600_000),
      linkTtlMs: integer(env.VOICEOPS_BULK_LINK_HOURS ?? '24', 'VOICEOPS_BULK_LINK_HOURS', 1, 24 * 30) * 3_600_000,
      publicUrl: (env.VOICEOPS_PUBLIC_URL?.trim() || (production ? `https://${env.BOT_DOMAIN ?? 'localhost'}` : '')).replace(/\/+$/, ''),
    },
    rateLimits: {
      userBurst: integer(env.VOICEOPS_USER_BURST ?? '10', 'VOICEOPS_USER_BURST', 1, 10_000),
      userPerMinute: integer(env.VOICEOPS_USER_PER_MINUTE ?? '20', 'VOICEOPS_USER_PER_MINUTE', 1, 100_000),
      tenantBurst: integer(env.VOICEOPS_TENANT_BURST ?? '100', 'VOICEOPS_TENANT_BURST', 1, 100_000),
      tenantPerMinute: integer(env.VOICEOPS_TENANT_PER_MINUTE ?? '300', 'VOICEOPS_TENANT_PER_MINUTE', 1, 1_000_000),
    },
  };
  if (config.graphGroups && (!config.microsoftAppId || !config.microsoftAppPassword || !config.microsoftAppTenantId)) {
    throw new ConfigError('VOICEOPS_GRAPH_GROUPS=true needs MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId to call Microsoft Graph.');
  }
  if (production) assertNoAuthenticationOverrides(env);
  if (mode !== 'dev' && !config.paceOutbound) throw new ConfigError('VOICEOPS_PACE_OUTBOUND=off is for local benchmarks in dev mode only.');
  if (production || testAuth) assertProductionReady(config);
  return config;
}

/**
 * botbuilder reads these to change whose tokens it trusts and where it sends its own; any value but the public
 * Azure default would let someone else's identity provider vouch for Teams, so production refuses them.
 */
const AUTHENTICATION_DEFAULTS: Record<string, string[]> = {
  BotOpenIdMetadata: ['https://login.botframework.com/v1/.well-known/openidconfiguration'],
  ToBotFromChannelOpenIdMetadataUrl: ['https://login.botframework.com/v1/.well-known/openidconfiguration'],
  ToBotFromEmulatorOpenIdMetadataUrl: ['https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration'],
  ToBotFromChannelTokenIssuer: ['https://api.botframework.com'],
  ToChannelFromBotOAuthScope: ['https://api.botframework.com'],
  ToChannelFromBotLoginUrl: ['https://login.microsoftonline.com/botframework.com'],
  OAuthUrl: ['https://api.botframework.com'],
  OAuthApiEndpoint: ['https://api.botframework.com'],
  ChannelService: [],
  CallerId: [],
  ValidateAuthority: ['true'],
};

function assertNoAuthenticationOverrides(env: NodeJS.ProcessEnv): void {
  const overridden = Object.entries(AUTHENTICATION_DEFAULTS)
    .filter(([name, defaults]) => {
      const value = env[name]?.trim();
      return value !== undefined && value !== '' && !defaults.includes(value.replace(/\/$/, ''));
    })
    .map(([name]) => name);
  if (overridden.length > 0) {
    throw new ConfigError(
      `Production mode refuses non-default Bot Framework token settings: ${overridden.join(', ')}. ` +
        'They change which identity provider is trusted for inbound tokens or where outbound tokens come from; unset them.',
    );
  }
}

function testIdentityProvider(env: NodeJS.ProcessEnv): TestIdentityProvider {
  const local = (name: string): string => {
    const value = env[name] ?? '';
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError(`VOICEOPS_MODE=test-auth needs ${name} set to the local identity provider's URL, not "${value}".`);
    }
    // The test-only mode must never be pointed at a real remote identity provider.
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new ConfigError(`VOICEOPS_MODE=test-auth accepts only a loopback http URL for ${name}, not "${value}".`);
    }
    return value;
  };
  return {
    channelOpenIdMetadataUrl: local('BotOpenIdMetadata'),
    emulatorOpenIdMetadataUrl: local('ToBotFromEmulatorOpenIdMetadataUrl'),
    tokenUrl: local('VOICEOPS_TEST_TOKEN_URL'),
  };
}

function assertProductionReady(config: Config): void {
  const missing = [
    !config.microsoftAppId && 'MicrosoftAppId',
    !config.microsoftAppPassword && 'MicrosoftAppPassword',
    !config.microsoftAppTenantId && config.microsoftAppType === 'SingleTenant' && 'MicrosoftAppTenantId',
    config.allowedTenantIds.length === 0 && 'ALLOWED_TENANT_IDS',
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ConfigError(
      `Production mode needs Bot Framework credentials and a tenant allow-list; missing: ${missing.join(', ')}. ` +
        'Set them in .env (see .env.example), or run without NODE_ENV=production for the local dev mode.',
    );
  }
}

function tenantConnectionConfig(env: NodeJS.ProcessEnv): TenantConnectionConfig {
  const kind = env.VOICEOPS_TENANT?.trim() || 'simulated';
  if (kind === 'simulated') return { kind };
  if (kind !== 'microsoft365') throw new ConfigError(`VOICEOPS_TENANT must be simulated or microsoft365, not "${kind}".`);
  const tenantId = env.VOICEOPS_M365_TENANT_ID?.trim() ?? '';
  const clientId = env.VOICEOPS_M365_CLIENT_ID?.trim() ?? '';
  const clientSecret = env.VOICEOPS_M365_CLIENT_SECRET || undefined;
  const clientCertificatePath = env.VOICEOPS_M365_CLIENT_CERT?.trim() ? resolve(env.VOICEOPS_M365_CLIENT_CERT.trim()) : undefined;
  const missing = [
    !tenantId && 'VOICEOPS_M365_TENANT_ID',
    !clientId && 'VOICEOPS_M365_CLIENT_ID',
    !clientSecret && !clientCertificatePath && 'VOICEOPS_M365_CLIENT_CERT or VOICEOPS_M365_CLIENT_SECRET',
  ].filter(Boolean);
  if (missing.length > 0) throw new ConfigError(`VOICEOPS_TENANT=microsoft365 needs ${missing.join(', ')} (see .env.example).`);
  const exchangeUri = env.VOICEOPS_EXCHANGE_URI?.trim();
  const authentication = env.VOICEOPS_EXCHANGE_AUTH?.trim() || 'Kerberos';
  if (authentication !== 'Kerberos' && authentication !== 'Negotiate' && authentication !== 'Basic') {
    throw new ConfigError(`VOICEOPS_EXCHANGE_AUTH must be Kerberos, Negotiate or Basic, not "${authentication}".`);
  }
  return {
    kind,
    tenantId,
    clientId,
    clientSecret,
    clientCertificatePath,
    authorityHost: env.VOICEOPS_M365_AUTHORITY_HOST?.trim() || undefined,
    teamsModule: env.VOICEOPS_TEAMS_MODULE?.trim() || undefined,
    exchange: exchangeUri
      ? {
          connectionUri: exchangeUri,
          authentication,
          username: env.VOICEOPS_EXCHANGE_USERNAME?.trim() || undefined,
          password: env.VOICEOPS_EXCHANGE_PASSWORD || undefined,
        }
      : undefined,
  };
}

function list(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

function locale(value: string, name: string): Locale {
  const found = normaliseLocale(value);
  if (found) return found;
  throw new ConfigError(`${name} must be one of ${LOCALES.join(', ')}, not "${value}".`);
}

/** `id=fr,id2=zh-TW`: each Entra object id (compared in lower case) with its language. */
function userLocales(value: string): Record<string, Locale> {
  const pairs: Record<string, Locale> = {};
  for (const entry of list(value)) {
    const [id, tag, extra] = entry.split('=').map((s) => s.trim());
    if (!id || !tag || extra !== undefined) throw new ConfigError(`VOICEOPS_USER_LOCALES entries are <object id>=<locale>, not "${entry}".`);
    pairs[id.toLowerCase()] = locale(tag, 'VOICEOPS_USER_LOCALES');
  }
  return pairs;
}

function voicePath(value: string): Config['voicePath'] {
  if (value === 'legacy' || value === 'modern') return value;
  throw new ConfigError(`VOICEOPS_VOICE_PATH must be legacy or modern, not "${value}".`);
}

function appType(value: string): Config['microsoftAppType'] {
  if (value === 'SingleTenant' || value === 'MultiTenant' || value === 'UserAssignedMSI') return value;
  throw new ConfigError(`MicrosoftAppType must be SingleTenant, MultiTenant or UserAssignedMSI, not "${value}".`);
}

function logLevel(value: string): LogLevel {
  if (value === 'debug' || value === 'info' || value === 'warn' || value === 'error') return value;
  throw new ConfigError(`VOICEOPS_LOG_LEVEL must be debug, info, warn or error, not "${value}".`);
}
