import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PowerShellSessionPool, type PowerShellPoolLogger } from '../../src/adapters/powershell';
import {
  EntraAppTokens,
  exchangeStatements,
  GRAPH_SCOPE,
  Microsoft365Connection,
  SimulatedTenantConnection,
  TEAMS_ADMIN_SCOPE,
  tenantConnectionFor,
} from '../../src/adapters/tenant-connection';
import { ConfigError, readConfig } from '../../src/config/read-config';
import { describeWithPwsh, pwshPath } from '../powershell/support/pwsh-fixture';
import { LocalIdentityProvider } from './support/local-identity-provider';
import { LoopbackNetworkClient } from './support/loopback-network-client';

const TENANT = '5f0c2d1e-1111-4222-8333-444455556666';
const CLIENT = '0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff';
const SECRET = 'Zq8~not-a-real-secret.but-long-enough_123';
const EXCHANGE_PASSWORD = "p@ss'word\u2019;$(x)";
const PROBE_MODULE = path.join(__dirname, '..', 'powershell', 'fixtures', 'TeamsConnectProbe', 'TeamsConnectProbe.psd1');

/** A self-signed certificate and key in one PEM file, as an admin would create for the app registration. */
function makeCertificatePem(dir: string): string {
  const file = path.join(dir, 'voiceops-app.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file + '.key', '-out', file + '.crt', '-days', '2', '-subj', '/CN=voiceops-test'], { stdio: 'ignore' });
  return readFileSync(file + '.key', 'utf8') + readFileSync(file + '.crt', 'utf8');
}

describe('app-only tokens from Entra ID through MSAL', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'voiceops-entra-'));
  const certificatePem = makeCertificatePem(dir);
  let idp: LocalIdentityProvider;
  let network: LoopbackNetworkClient;

  beforeEach(async () => {
    idp = await new LocalIdentityProvider({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, certificatePem }).start();
    network = new LoopbackNetworkClient(LocalIdentityProvider.AUTHORITY_HOST, idp.baseUrl);
  });

  afterEach(async () => {
    await idp.stop();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when a client secret is configured, then a client-credentials request for the Teams and Graph scopes is made with it', async () => {
    const tokens = new EntraAppTokens({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: SECRET } }, { networkClient: network });

    const teams = await tokens.token(TEAMS_ADMIN_SCOPE);
    const graph = await tokens.token(GRAPH_SCOPE);

    expect(idp.requests.map(({ tenant, form, clientProof }) => ({ tenant, grant: form.grant_type, client: form.client_id, scope: form.scope, clientProof }))).toEqual([
      { tenant: TENANT, grant: 'client_credentials', client: CLIENT, scope: expect.stringContaining(TEAMS_ADMIN_SCOPE), clientProof: 'secret' },
      { tenant: TENANT, grant: 'client_credentials', client: CLIENT, scope: expect.stringContaining(GRAPH_SCOPE), clientProof: 'secret' },
    ]);
    expect([teams.accessToken, graph.accessToken]).toEqual(idp.issued);
    expect(teams.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(network.urls.every((url) => url.startsWith('https://login.microsoftonline.com/'))).toBe(true);
  });

  test('when a certificate is configured, then the request carries an assertion signed by its key and naming its thumbprint', async () => {
    const tokens = new EntraAppTokens({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'certificate', pem: certificatePem } }, { networkClient: network });

    await tokens.token(TEAMS_ADMIN_SCOPE);

    expect(idp.requests).toHaveLength(1);
    expect(idp.requests[0]).toMatchObject({ clientProof: 'certificate', form: { grant_type: 'client_credentials', client_id: CLIENT } });
    expect(idp.requests[0].form.client_secret).toBeUndefined();
  });

  test('when the secret is wrong, then the token call fails without the secret in the error', async () => {
    const wrong = 'wrong-' + SECRET;
    const tokens = new EntraAppTokens({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: wrong } }, { networkClient: network });

    const error = await tokens.token(TEAMS_ADMIN_SCOPE).then(
      () => undefined,
      (caught: Error) => caught,
    );

    expect(error?.message).toMatch(/invalid_client/);
    expect(`${error?.message} ${error?.stack}`).not.toContain(wrong);
  });

  test('when the tokens are fetched a second time, then MSAL answers from its cache', async () => {
    const connection = new Microsoft365Connection({
      tokens: new EntraAppTokens({ tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: SECRET } }, { networkClient: network }),
    });

    const first = await connection.connectPlan();
    const second = await connection.connectPlan();

    expect(idp.requests).toHaveLength(2);
    expect(second.statements).toEqual(first.statements);
    expect(first.modules).toEqual(['MicrosoftTeams']);
    for (const token of idp.issued) expect(first.statements.join('\n')).not.toContain(token);
  });
});

describeWithPwsh('a pool connected to Microsoft 365 with app-only tokens', () => {
  const lines: string[] = [];
  const logger: PowerShellPoolLogger = {
    info: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    warn: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    error: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
  };
  let idp: LocalIdentityProvider;
  let pool: PowerShellSessionPool | undefined;

  const poolFor = (provider: LocalIdentityProvider): PowerShellSessionPool => {
    const tokens = new EntraAppTokens(
      { tenantId: TENANT, clientId: CLIENT, credential: { kind: 'secret', secret: SECRET } },
      { networkClient: new LoopbackNetworkClient(LocalIdentityProvider.AUTHORITY_HOST, provider.baseUrl) },
    );
    const exchange = { connectionUri: 'http://exchange01.contoso.com/PowerShell/', authentication: 'Basic' as const, username: 'CONTOSO\\svc-voiceops', password: EXCHANGE_PASSWORD };
    return new PowerShellSessionPool({
      pwshPath,
      size: 1,
      startTimeoutMs: 60_000,
      connection: new Microsoft365Connection({ tokens, teamsModule: PROBE_MODULE, exchange }),
      extensions: [{ modulePath: PROBE_MODULE, commands: ['Get-VoiceOpsTeamsConnection'] }],
      logger,
    });
  };

  afterEach(async () => {
    await pool?.close();
    await idp?.stop();
    lines.length = 0;
  });

  test('when a session starts, then Connect-MicrosoftTeams gets the Graph and Teams tokens as data and Exchange is imported', async () => {
    idp = await new LocalIdentityProvider({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET }).start();
    pool = poolFor(idp);

    await pool.warm();
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsTeamsConnection', arguments: {} });

    const [graphRequest, teamsRequest] = idp.requests;
    expect(graphRequest.form.scope).toContain(GRAPH_SCOPE);
    expect(teamsRequest.form.scope).toContain(TEAMS_ADMIN_SCOPE);
    expect(outcome).toMatchObject({
      ok: true,
      output: {
        Teams: { AccessTokens: [graphRequest.issuedToken, teamsRequest.issuedToken] },
        Exchange: {
          ConfigurationName: 'Microsoft.Exchange',
          ConnectionUri: 'http://exchange01.contoso.com/PowerShell/',
          Authentication: 'Basic',
          UserName: 'CONTOSO\\svc-voiceops',
          Password: EXCHANGE_PASSWORD,
          Imported: true,
        },
      },
    });
    expect(lines.some((line) => line.startsWith('PowerShell session started'))).toBe(true);
    for (const secret of [...idp.issued, SECRET, EXCHANGE_PASSWORD]) expect(lines.join('\n')).not.toContain(secret);
  });

  test('when the connect step fails, then the session does not start and neither logs nor the error show a token', async () => {
    idp = await new LocalIdentityProvider({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, opaqueTokens: true }).start();
    pool = poolFor(idp);

    const outcome = await pool.invoke({ command: 'Get-VoiceOpsTeamsConnection', arguments: {} });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Failed', message: expect.stringContaining('AccessTokens must be a Graph JWT and a Teams JWT') } });
    const tokens = idp.requests.map((request) => request.issuedToken as string);
    expect(tokens).toHaveLength(2);
    const shown = [lines.join('\n'), JSON.stringify(outcome)].join('\n');
    for (const token of tokens) {
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(Buffer.from(token).toString('base64'));
    }
  });
});

describe('choosing the tenant connection from configuration', () => {
  test('when nothing is set, then the simulated tenant is used', () => {
    const config = readConfig({ VOICEOPS_DATA_DIR: '/tmp/voiceops-config-test' });

    expect(config.tenantConnection).toEqual({ kind: 'simulated' });
    expect(tenantConnectionFor(config.tenantConnection, config)).toBeInstanceOf(SimulatedTenantConnection);
  });

  test('when microsoft365 is chosen without credentials, then configuration refuses with the missing names', () => {
    expect(() => readConfig({ VOICEOPS_TENANT: 'microsoft365' })).toThrow(ConfigError);
    expect(() => readConfig({ VOICEOPS_TENANT: 'microsoft365' })).toThrow(/VOICEOPS_M365_TENANT_ID, VOICEOPS_M365_CLIENT_ID, VOICEOPS_M365_CLIENT_CERT or VOICEOPS_M365_CLIENT_SECRET/);
    expect(() => readConfig({ VOICEOPS_TENANT: 'contoso' })).toThrow(/simulated or microsoft365/);
  });

  test('when microsoft365 is chosen with a secret and Exchange, then the connection carries both', () => {
    const config = readConfig({
      VOICEOPS_TENANT: 'microsoft365',
      VOICEOPS_M365_TENANT_ID: TENANT,
      VOICEOPS_M365_CLIENT_ID: CLIENT,
      VOICEOPS_M365_CLIENT_SECRET: SECRET,
      VOICEOPS_EXCHANGE_URI: 'http://exchange01.contoso.com/PowerShell/',
    });

    expect(config.tenantConnection).toMatchObject({
      kind: 'microsoft365',
      tenantId: TENANT,
      clientId: CLIENT,
      clientSecret: SECRET,
      exchange: { connectionUri: 'http://exchange01.contoso.com/PowerShell/', authentication: 'Kerberos' },
    });
    const connection = tenantConnectionFor(config.tenantConnection, config);
    expect(connection).toBeInstanceOf(Microsoft365Connection);
    expect(connection.description).not.toContain(SECRET);
  });

  test('when the Exchange statements are built, then the URI and credential appear only as base64 data', () => {
    const text = exchangeStatements({ connectionUri: "http://x/'; Remove-Item /", authentication: 'Negotiate', username: 'u', password: EXCHANGE_PASSWORD }).join('\n');

    expect(text).not.toContain("'; Remove-Item");
    expect(text).not.toContain(EXCHANGE_PASSWORD);
    expect(text).toContain('-ConfigurationName Microsoft.Exchange');
    expect(() => exchangeStatements({ connectionUri: 'http://x/', authentication: 'Kerberos; Remove-Item /' as 'Kerberos' })).toThrow();
  });
});
