import { ConfidentialClientApplication } from '@azure/msal-node';

/**
 * A Microsoft Graph token for the bot's own app registration (client credentials, application
 * permission GroupMember.Read.All). MSAL caches the token and renews it before it expires.
 */
export function graphToken(options: { clientId: string; clientSecret: string; tenantId: string }): () => Promise<string> {
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `https://login.microsoftonline.com/${options.tenantId}`,
    },
  });
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    if (!result?.accessToken) throw new Error('no Microsoft Graph token');
    return result.accessToken;
  };
}
