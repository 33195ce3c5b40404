import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_SCHEMA } from '../../src/config/config-schema';
import { PROJECT_ROOT } from '../../src/config/project-root';

/** The Bicep CLI that scripts/install-bicep.sh installs (from NuGet); BICEP names another. */
function findBicep(): string {
  const candidates = [process.env.BICEP, join(homedir(), '.local', 'bin', 'bicep'), ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'bicep'))];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) throw new Error('the Bicep compiler is not installed: run bash scripts/install-bicep.sh (CI does)');
  return found;
}

const TEMPLATE = join(PROJECT_ROOT, 'infra', 'main.bicep');

describe('infra/main.bicep', () => {
  const bicep = findBicep();
  let arm: any;

  beforeAll(() => {
    arm = JSON.parse(execFileSync(bicep, ['build', TEMPLATE, '--stdout'], { encoding: 'utf8' }));
  });

  test('compiles and passes the Bicep linter without a warning', () => {
    const lint = spawnSync(bicep, ['lint', TEMPLATE], { encoding: 'utf8' });
    expect(lint.status).toBe(0);
    expect(`${lint.stdout}${lint.stderr}`.trim()).toBe('');
  });

  test('declares a single-tenant Azure Bot with the Teams channel, pointing at the App Service', () => {
    const bot = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.BotService/botServices');
    expect(bot.properties.msaAppType).toBe('SingleTenant');
    expect(bot.properties.msaAppTenantId).toBe("[parameters('microsoftAppTenantId')]");
    expect(bot.properties.endpoint).toMatch(/^\[format\('https:\/\/\{0\}\/api\/messages', reference\(resourceId\('Microsoft\.Web\/sites'.*\)\.defaultHostName\)\]$/);
    const channel = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.BotService/botServices/channels');
    expect(channel.properties.channelName).toBe('MsTeamsChannel');
  });

  test('keeps the client secret in Key Vault and gives the app a Key Vault reference, never the secret', () => {
    expect(arm.parameters.microsoftAppPassword.type).toBe('securestring');
    expect(arm.parameters.postgresAdminPassword.type).toBe('securestring');
    const web = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.Web/sites');
    const settings = JSON.stringify(web.properties.siteConfig.appSettings);
    expect(settings).toContain("'@Microsoft.KeyVault(SecretUri=");
    expect(settings).not.toContain("parameters('microsoftAppPassword')");
    expect(web.identity.type).toBe('SystemAssigned');
    expect(web.properties.siteConfig.healthCheckPath).toBe('/readyz');
    expect(web.properties.httpsOnly).toBe(true);
    const role = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.Authorization/roleAssignments');
    expect(role.properties.roleDefinitionId).toBe("[variables('keyVaultSecretsUserRole')]");
    expect(arm.variables.keyVaultSecretsUserRole).toContain('4633458b-17de-408a-b874-0445c86b69e6'); // Key Vault Secrets User
    expect(JSON.stringify(arm.outputs)).not.toMatch(/Password/i);
  });

  test('sets every setting production requires, and only settings the app reads', () => {
    const web = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.Web/sites');
    const names = [...String(web.properties.siteConfig.appSettings).matchAll(/createObject\('name', '([^']+)'/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(8);
    for (const variable of CONFIG_SCHEMA.filter((v) => v.requiredInProduction)) expect(names).toContain(variable.name);
    expect(names).toContain('NODE_ENV');
    const known = new Set(CONFIG_SCHEMA.map((v) => v.name));
    // WEBSITES_* configure App Service itself; DATABASE_URL is for the PostgreSQL store.
    expect(names.filter((n) => !known.has(n) && !n.startsWith('WEBSITES_') && n !== 'DATABASE_URL')).toEqual([]);
  });

  test('makes the PostgreSQL Flexible Server optional', () => {
    const postgres = Object.values<any>(arm.resources).find((r) => r.type === 'Microsoft.DBforPostgreSQL/flexibleServers');
    expect(postgres.condition).toBe("[parameters('deployPostgres')]");
    expect(arm.parameters.deployPostgres.defaultValue).toBe(false);
  });
});
