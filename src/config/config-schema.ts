/**
 * Every environment variable voiceops reads, described once. The README's configuration table is generated
 * from this list (`npm run docs:config`) and a test fails when read-config.ts reads a variable not listed here.
 */
export interface EnvVarSpec {
  name: string;
  group: 'Mode' | 'Bot Framework' | 'Tenant' | 'Server' | 'Rate limits' | 'Storage and policy' | 'PowerShell executor' | 'Observability' | 'Bulk changes' | 'Language';
  /** What it does, one sentence or two; Markdown allowed. */
  description: string;
  /** The default as a person reads it; empty when there is none. */
  default: string;
  /** Secrets belong in Key Vault in production and never appear in logs. */
  secret?: boolean;
  /** Needed when NODE_ENV=production. */
  requiredInProduction?: boolean;
}

export const CONFIG_SCHEMA: readonly EnvVarSpec[] = [
  { name: 'NODE_ENV', group: 'Mode', default: '', description: '`production` turns on production mode: credentials and a tenant allow-list are required, or the bot refuses to start.' },
  { name: 'VOICEOPS_MODE', group: 'Mode', default: 'dev', description: 'Same as `NODE_ENV=production` when set to `production`, for hosts that reserve `NODE_ENV`. `test-auth` is for the security tests only (a local identity provider) and is refused in production.' },
  { name: 'MicrosoftAppId', group: 'Bot Framework', default: '', requiredInProduction: true, description: "App (client) id of the bot's Entra app registration. Empty means dev mode: inbound authentication is off." },
  { name: 'MicrosoftAppPassword', group: 'Bot Framework', default: '', requiredInProduction: true, secret: true, description: 'Client secret of the app registration. In Azure, a Key Vault reference; never commit it.' },
  { name: 'MicrosoftAppType', group: 'Bot Framework', default: 'SingleTenant (MultiTenant without an app id)', description: '`SingleTenant`, `MultiTenant` or `UserAssignedMSI`.' },
  { name: 'MicrosoftAppTenantId', group: 'Bot Framework', default: '', requiredInProduction: true, description: 'Entra tenant id of the app registration (required for SingleTenant).' },
  { name: 'ALLOWED_TENANT_IDS', group: 'Tenant', default: 'the simulated tenant in dev mode', requiredInProduction: true, description: 'Comma-separated Entra tenant ids whose Teams activities are accepted; all others are dropped.' },
  { name: 'VOICEOPS_TENANT_ID', group: 'Tenant', default: 'the first allowed tenant', description: 'Tenant id written on requests and audit records.' },
  { name: 'HOST', group: 'Server', default: '127.0.0.1 (dev), 0.0.0.0 (production)', description: 'Listen address.' },
  { name: 'PORT', group: 'Server', default: '3978', description: 'Listen port for `/api/messages`, `/healthz`, `/readyz` and `/metrics`.' },
  { name: 'BOT_DOMAIN', group: 'Server', default: 'localhost', description: 'Public host name of the bot, written into the Teams app package by `npm run package`.' },
  { name: 'VOICEOPS_DNS_SERVERS', group: 'Tenant', default: 'the system resolvers', description: 'DNS servers that `check dns` asks: comma-separated `host` or `host:port`.' },
  { name: 'VOICEOPS_USER_BURST', group: 'Rate limits', default: '10', description: 'Messages one user may send in a burst (applied after authentication; see docs/security.md).' },
  { name: 'VOICEOPS_USER_PER_MINUTE', group: 'Rate limits', default: '20', description: "Refill rate of a user's burst, per minute." },
  { name: 'VOICEOPS_TENANT_BURST', group: 'Rate limits', default: '100', description: 'Messages one tenant may send in a burst.' },
  { name: 'VOICEOPS_TENANT_PER_MINUTE', group: 'Rate limits', default: '300', description: "Refill rate of a tenant's burst, per minute." },
  { name: 'VOICEOPS_PACE_OUTBOUND', group: 'Rate limits', default: 'on', description: "Outbound sends are paced to Teams' per-conversation limits; `off` is accepted in dev mode only, for local load benchmarks." },
  { name: 'VOICEOPS_DATA_DIR', group: 'Storage and policy', default: './data', description: "Directory for the SQLite database and the simulated tenant's state." },
  { name: 'VOICEOPS_DATABASE_PATH', group: 'Storage and policy', default: '$VOICEOPS_DATA_DIR/voiceops.sqlite', description: 'SQLite database file.' },
  { name: 'DATABASE_URL', group: 'Storage and policy', default: '', secret: true, description: 'PostgreSQL connection string for scale-out: bot replicas share it and approved changes run in `voiceops worker` processes (see docs/scale-out.md). Empty: the embedded SQLite store, changes run in the bot process.' },
  { name: 'VOICEOPS_WORKER_TARGETS', group: 'Storage and policy', default: 'teams', description: 'Worker only: comma-separated targets whose changes this worker runs (`teams`, `exchange`).' },
  { name: 'VOICEOPS_WORKER_CONCURRENCY', group: 'Storage and policy', default: '$VOICEOPS_POOL_SIZE', description: 'Worker only: jobs run at once, each in its own warm pwsh session (1-32).' },
  { name: 'VOICEOPS_WORKER_ID', group: 'Storage and policy', default: 'host-pid-random', description: 'Worker only: the id written on claimed jobs and in the audit.' },
  { name: 'VOICEOPS_LEASE_MS', group: 'Storage and policy', default: '30000', description: 'Worker only: job lease in milliseconds; a worker that stops renewing it loses the job to the reconciler.' },
  { name: 'VOICEOPS_SETTLE_MS', group: 'Storage and policy', default: '60000', description: "Worker only: wait past a dead worker's lease before reading the tenant back (its pwsh call must have timed out)." },
  { name: 'VOICEOPS_POLL_MS', group: 'Storage and policy', default: '1000', description: 'Worker only: queue poll interval in milliseconds, besides PostgreSQL notifications.' },
  { name: 'VOICEOPS_POLICY', group: 'Storage and policy', default: 'config/policy.dev.json (dev), config/policy.json (production)', description: 'Approval policy file (JSON, validated at start; `voiceops policy check <file>` checks one).' },
  { name: 'VOICEOPS_GRAPH_GROUPS', group: 'Storage and policy', default: 'false', description: '`true`: policy `group:` principals are checked in Microsoft Graph; otherwise the policy\'s static lists are used.' },
  { name: 'VOICEOPS_GRAPH_URL', group: 'Storage and policy', default: 'https://graph.microsoft.com/v1.0', description: 'Microsoft Graph base URL for group checks.' },
  { name: 'VOICEOPS_PWSH', group: 'PowerShell executor', default: 'pwsh on PATH, then ~/.dotnet/tools/pwsh, then ~/.local/bin/pwsh', description: 'Path of the pwsh executable.' },
  { name: 'VOICEOPS_POOL_SIZE', group: 'PowerShell executor', default: '2', description: 'Number of warm pwsh sessions (1-32).' },
  { name: 'VOICEOPS_OPERATION_TIMEOUT_MS', group: 'PowerShell executor', default: '60000', description: 'Per-operation timeout in milliseconds; the session is killed and replaced when it passes.' },
  { name: 'VOICEOPS_TENANT_STATE', group: 'PowerShell executor', default: '$VOICEOPS_DATA_DIR/tenant.json', description: 'State file of the simulated tenant.' },
  { name: 'VOICEOPS_SESSION_MAX_JOBS', group: 'PowerShell executor', default: '10000', description: 'A pwsh session is retired after this many operations and a fresh one takes its place.' },
  { name: 'VOICEOPS_SESSION_MAX_RSS_MB', group: 'PowerShell executor', default: '1024', description: 'A pwsh session holding more resident memory than this (MB) is retired after its current operation.' },
  { name: 'VOICEOPS_MAX_OUTPUT_MB', group: 'PowerShell executor', default: '2', description: 'Output one operation may print before its session is killed (2-64 MB); PowerShell itself stops output at 1 M characters.' },
  { name: 'VOICEOPS_BULK_MAX_ROWS', group: 'Bulk changes', default: '1000', description: 'Most rows one `bulk` request takes (docs/bulk.md).' },
  { name: 'VOICEOPS_BULK_MAX_FILE_KB', group: 'Bulk changes', default: '256', description: 'Largest CSV upload or paste `bulk` reads, in KB; a bigger file is refused, not cut.' },
  { name: 'VOICEOPS_BULK_PROGRESS_MS', group: 'Bulk changes', default: '3000', description: 'Least time between two progress updates of a running bulk request\'s card.' },
  { name: 'VOICEOPS_BULK_LINK_HOURS', group: 'Bulk changes', default: '24', description: 'How long the signed download link of a bulk request\'s outcomes CSV works.' },
  { name: 'VOICEOPS_PUBLIC_URL', group: 'Bulk changes', default: 'https://$BOT_DOMAIN (production), the listening address (dev)', description: 'Base URL of the bot as admins\' browsers reach it, for outcome download links.' },
  { name: 'VOICEOPS_TENANT', group: 'Tenant', default: 'simulated', description: '`simulated` (the SimulatedTenant module over VOICEOPS_TENANT_STATE) or `microsoft365` (Connect-MicrosoftTeams -AccessTokens with app-only tokens; see docs/executor.md).' },
  { name: 'VOICEOPS_M365_TENANT_ID', group: 'Tenant', default: '', description: 'Entra tenant id the executor signs in to (microsoft365 only).' },
  { name: 'VOICEOPS_M365_CLIENT_ID', group: 'Tenant', default: '', description: 'App (client) id the executor signs in as (microsoft365 only).' },
  { name: 'VOICEOPS_M365_CLIENT_CERT', group: 'Tenant', default: '', secret: true, description: "PEM file with the app's certificate and private key (preferred over a secret)." },
  { name: 'VOICEOPS_M365_CLIENT_SECRET', group: 'Tenant', default: '', secret: true, description: 'Client secret of the executor app, when no certificate is given.' },
  { name: 'VOICEOPS_M365_AUTHORITY_HOST', group: 'Tenant', default: 'https://login.microsoftonline.com', description: 'Authority host, for sovereign clouds.' },
  { name: 'VOICEOPS_TEAMS_MODULE', group: 'Tenant', default: 'MicrosoftTeams from PSModulePath', description: 'Module providing Connect-MicrosoftTeams.' },
  { name: 'VOICEOPS_EXCHANGE_URI', group: 'Tenant', default: '', description: 'On-premises Exchange management endpoint (e.g. `http://exchange01.contoso.com/PowerShell/`); empty: no Exchange session.' },
  { name: 'VOICEOPS_EXCHANGE_AUTH', group: 'Tenant', default: 'Kerberos', description: '`Kerberos` (the service account), `Negotiate` or `Basic`.' },
  { name: 'VOICEOPS_EXCHANGE_USERNAME', group: 'Tenant', default: '', description: 'Exchange account for Negotiate or Basic.' },
  { name: 'VOICEOPS_EXCHANGE_PASSWORD', group: 'Tenant', default: '', secret: true, description: 'Password of that account.' },
  { name: 'VOICEOPS_VOICE_PATH', group: 'Tenant', default: 'legacy', description: '`legacy` (Set-CsUser, Cloud Connector hybrid voice) or `modern` (Set-CsPhoneNumberAssignment Direct Routing, Grant-CsOnlineVoiceRoutingPolicy, Microsoft Graph); recorded on each request and covered by its hash.' },
  { name: 'VOICEOPS_DEFAULT_LOCALE', group: 'Language', default: 'en', description: 'Language when Teams sends no locale a catalog serves, and of proactive messages to conversations not seen yet: `en`, `fr`, `zh-CN`, `zh-TW` or `ko` (docs/localisation.md).' },
  { name: 'VOICEOPS_USER_LOCALES', group: 'Language', default: '', description: "Per-user language when the Teams client's language is not one of the five: comma-separated `<Entra object id>=<locale>` pairs (the ids of the policy file), e.g. `aaaa…=fr,bbbb…=ko`." },
  { name: 'VOICEOPS_APPROVAL_LOCALE', group: 'Language', default: '', description: "Fixed language of the approval cards posted for approvers (one of the above); empty: each request's approval card is in its requester's language." },
  { name: 'VOICEOPS_LOG_LEVEL', group: 'Observability', default: 'info', description: 'Lowest log level written: `debug`, `info`, `warn` or `error`. Logs are JSON lines on stdout (pino).' },
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', group: 'Observability', default: '', description: 'OTLP/HTTP collector base URL (e.g. `http://127.0.0.1:4318`); traces go to `<url>/v1/traces`. Empty: no tracing.' },
  { name: 'OTEL_SERVICE_NAME', group: 'Observability', default: 'voiceops', description: '`service.name` on exported traces.' },
];
