import type { RequestPolicy } from '@azure/core-http-compat';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationConstants, type BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../config/read-config';
import { LocalIdentityCredentialsFactory } from './local-identity-credentials';

/**
 * botbuilder's ConfigurationBotFrameworkAuthentication from our config only (never from the raw environment).
 * Production and dev get the public-cloud defaults. test-auth mode sets every setting explicitly to the same
 * defaults except where keys come from: the channel and emulator OpenID metadata of the local identity provider.
 * So the JWT validation under test is botbuilder's own, issuer and audience rules included.
 */
export function botFrameworkAuthentication(config: Config, connectorHttpClient: RequestPolicy): BotFrameworkAuthentication {
  const credentials = {
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  };
  const connectorClientOptions = { httpClient: connectorHttpClient };
  const idp = config.testIdentityProvider;
  if (!idp) return new ConfigurationBotFrameworkAuthentication(credentials, undefined, undefined, undefined, connectorClientOptions);
  return new ConfigurationBotFrameworkAuthentication(
    {
      ...credentials,
      ValidateAuthority: true,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      [AuthenticationConstants.BotOpenIdMetadataKey]: idp.channelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: idp.emulatorOpenIdMetadataUrl,
    },
    new LocalIdentityCredentialsFactory(config.microsoftAppId, config.microsoftAppPassword, config.microsoftAppTenantId, idp.tokenUrl),
    undefined,
    undefined,
    connectorClientOptions,
  );
}
