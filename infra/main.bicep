// voiceops in Azure: a single-tenant Azure Bot, the bot's container on App Service (Linux), its client secret in
// Key Vault (read through a Key Vault reference by the app's managed identity), and optionally a PostgreSQL
// Flexible Server. Deploy with: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
// See docs/deploy.md for the whole walk-through.

targetScope = 'resourceGroup'

@description('Short name used in every resource name, 3-12 lowercase letters or digits.')
@minLength(3)
@maxLength(12)
param baseName string = 'voiceops'

@description('Azure region of every resource (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('App (client) id of the bot\'s single-tenant Entra app registration.')
param microsoftAppId string

@description('Entra tenant id of the app registration: your own tenant.')
param microsoftAppTenantId string = tenant().tenantId

@description('Client secret of the app registration; stored only in Key Vault.')
@secure()
param microsoftAppPassword string

@description('Comma-separated Entra tenant ids whose Teams activities are accepted (normally just your own).')
param allowedTenantIds string = tenant().tenantId

@description('Container image of the bot, e.g. myregistry.azurecr.io/voiceops:0.1.0 (built from the Dockerfile).')
param containerImage string

@description('App Service plan SKU; B1 is enough for one tenant, P0v3 adds zone-friendly scale.')
@allowed(['B1', 'B2', 'S1', 'P0v3', 'P1v3'])
param appServiceSku string = 'B1'

@description('Number of warm PowerShell sessions.')
@minValue(1)
@maxValue(32)
param poolSize int = 2

@description('OTLP/HTTP collector URL for traces; empty turns tracing off.')
param otlpEndpoint string = ''

@description('Also create a PostgreSQL Flexible Server (its connection string goes to Key Vault).')
param deployPostgres bool = false

@description('PostgreSQL administrator password (only used when deployPostgres is true).')
@secure()
param postgresAdminPassword string = ''

var suffix = uniqueString(resourceGroup().id, baseName)
var keyVaultSecretsUserRole = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('kv-${baseName}-${suffix}', 24)
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource appPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: { value: microsoftAppPassword, contentType: 'Entra client secret of the voiceops bot' }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${baseName}-${suffix}'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = if (deployPostgres) {
  name: 'psql-${baseName}-${suffix}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: 'voiceops'
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource postgresDatabase 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = if (deployPostgres) {
  parent: postgres
  name: 'voiceops'
}

// Only Azure services (the App Service) may connect; add your own IP for maintenance when you need it.
resource postgresAzureAccess 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = if (deployPostgres) {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource databaseUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (deployPostgres) {
  parent: vault
  name: 'DatabaseUrl'
  properties: {
    value: 'postgres://voiceops:${uriComponent(postgresAdminPassword)}@${postgres.?properties.fullyQualifiedDomainName ?? ''}:5432/voiceops?sslmode=require'
    contentType: 'PostgreSQL connection string of voiceops'
  }
}

var baseSettings = [
  { name: 'NODE_ENV', value: 'production' }
  { name: 'PORT', value: '3978' }
  { name: 'WEBSITES_PORT', value: '3978' }
  // /home is the App Service's persistent share: the SQLite database and data survive restarts and redeploys.
  { name: 'WEBSITES_ENABLE_APP_SERVICE_STORAGE', value: 'true' }
  { name: 'VOICEOPS_DATA_DIR', value: '/home/voiceops' }
  // The approval policy is uploaded there (docs/deploy.md); the bot refuses to start until it is valid.
  { name: 'VOICEOPS_POLICY', value: '/home/voiceops/policy.json' }
  { name: 'MicrosoftAppId', value: microsoftAppId }
  { name: 'MicrosoftAppType', value: 'SingleTenant' }
  { name: 'MicrosoftAppTenantId', value: microsoftAppTenantId }
  { name: 'MicrosoftAppPassword', value: '@Microsoft.KeyVault(SecretUri=${appPasswordSecret.properties.secretUri})' }
  { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
  { name: 'VOICEOPS_POOL_SIZE', value: string(poolSize) }
  { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: otlpEndpoint }
]
var databaseSettings = deployPostgres ? [{ name: 'DATABASE_URL', value: '@Microsoft.KeyVault(SecretUri=${databaseUrlSecret.?properties.secretUri ?? ''})' }] : []

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: 'app-${baseName}-${suffix}'
  location: location
  kind: 'app,linux,container'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the app's own identity.
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'DOCKER|${containerImage}'
      alwaysOn: true
      healthCheckPath: '/readyz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: concat(baseSettings, databaseSettings)
    }
  }
}

resource webReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, web.id, keyVaultSecretsUserRole)
  properties: {
    roleDefinitionId: keyVaultSecretsUserRole
    principalId: web.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'bot-${baseName}-${suffix}'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'voiceops'
    description: 'Teams voice administration with approvals'
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppId: microsoftAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: microsoftAppTenantId
    disableLocalAuth: false
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

@description('Host name for BOT_DOMAIN when building the Teams app package.')
output botDomain string = web.properties.defaultHostName

@description('Messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = bot.properties.endpoint

output keyVaultName string = vault.name
output webAppName string = web.name
output postgresHost string = deployPostgres ? postgres.?properties.fullyQualifiedDomainName ?? '' : ''
