import { ConfigError, readConfig } from '../../src/config/read-config';

const PRODUCTION = {
  NODE_ENV: 'production',
  MicrosoftAppId: '00000000-b07a-4000-8000-0000000b07a1',
  MicrosoftAppPassword: 'a-password-from-key-vault',
  MicrosoftAppTenantId: '72f988bf-0000-4000-8000-00000000c0de',
  ALLOWED_TENANT_IDS: '72f988bf-0000-4000-8000-00000000c0de',
};

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('readConfig accepted the configuration');
};

describe('production refuses to start without real inbound authentication', () => {
  test('a complete production configuration starts, with no test identity provider', () => {
    const config = readConfig(PRODUCTION);
    expect(config.mode).toBe('production');
    expect(config.testIdentityProvider).toBeUndefined();
  });

  test.each([
    ['no app id (authentication disabled)', 'MicrosoftAppId'],
    ['no app password', 'MicrosoftAppPassword'],
    ['no app tenant', 'MicrosoftAppTenantId'],
    ['no tenant allow-list', 'ALLOWED_TENANT_IDS'],
  ])('with %s, it refuses and names the setting', (_name, missing) => {
    expect(refusal({ ...PRODUCTION, [missing]: '' })).toContain(missing);
  });

  test.each([
    ['BotOpenIdMetadata', 'https://evil.example.com/.well-known/openidconfiguration'],
    ['ToBotFromChannelOpenIdMetadataUrl', 'http://127.0.0.1:9/openid'],
    ['ToBotFromEmulatorOpenIdMetadataUrl', 'https://evil.example.com/v2.0/.well-known/openid-configuration'],
    ['ToBotFromChannelTokenIssuer', 'https://evil.example.com'],
    ['ToChannelFromBotOAuthScope', 'https://evil.example.com'],
    ['ToChannelFromBotLoginUrl', 'https://login.evil.example.com/botframework.com'],
    ['OAuthUrl', 'https://evil.example.com'],
    ['OAuthApiEndpoint', 'https://evil.example.com'],
    ['ChannelService', 'https://botframework.azure.us'],
    ['CallerId', 'urn:botframework:evil'],
    ['ValidateAuthority', 'false'],
  ])('with a non-default %s, it refuses and names it', (name, value) => {
    expect(refusal({ ...PRODUCTION, [name]: value })).toMatch(new RegExp(`non-default Bot Framework token settings: ${name}\\b`));
  });

  test('with those settings at their public-cloud defaults, it starts', () => {
    expect(() =>
      readConfig({
        ...PRODUCTION,
        BotOpenIdMetadata: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        ValidateAuthority: 'true',
      }),
    ).not.toThrow();
  });

  test('the test-only identity provider mode is refused in production', () => {
    expect(refusal({ ...PRODUCTION, VOICEOPS_MODE: 'test-auth' })).toMatch(/test-auth .* refused in production/);
  });
});

describe('test-auth mode', () => {
  const TEST_AUTH = {
    ...PRODUCTION,
    NODE_ENV: 'test',
    VOICEOPS_MODE: 'test-auth',
    BotOpenIdMetadata: 'http://127.0.0.1:5001/botframework/v1/.well-known/openidconfiguration',
    ToBotFromEmulatorOpenIdMetadataUrl: 'http://127.0.0.1:5001/common/v2.0/.well-known/openid-configuration',
    VOICEOPS_TEST_TOKEN_URL: 'http://127.0.0.1:5001/tenant/oauth2/v2.0/token',
  };

  test('points botbuilder at the local identity provider and still needs every credential', () => {
    expect(readConfig(TEST_AUTH)).toMatchObject({ mode: 'test-auth', testIdentityProvider: { channelOpenIdMetadataUrl: TEST_AUTH.BotOpenIdMetadata } });
    expect(refusal({ ...TEST_AUTH, MicrosoftAppId: '' })).toContain('MicrosoftAppId');
    expect(refusal({ ...TEST_AUTH, ALLOWED_TENANT_IDS: '' })).toContain('ALLOWED_TENANT_IDS');
  });

  test('accepts only a loopback identity provider', () => {
    expect(refusal({ ...TEST_AUTH, BotOpenIdMetadata: 'https://login.botframework.com/v1/.well-known/openidconfiguration' })).toMatch(
      /only a loopback http URL for BotOpenIdMetadata/,
    );
    expect(refusal({ ...TEST_AUTH, VOICEOPS_TEST_TOKEN_URL: '' })).toMatch(/needs VOICEOPS_TEST_TOKEN_URL/);
  });
});

describe('outbound pacing', () => {
  test('is on by default and can be switched off only in dev mode', () => {
    expect(readConfig({}).paceOutbound).toBe(true);
    expect(readConfig({ VOICEOPS_PACE_OUTBOUND: 'off' }).paceOutbound).toBe(false);
    expect(refusal({ ...PRODUCTION, VOICEOPS_PACE_OUTBOUND: 'off' })).toMatch(/dev mode only/);
  });
});
