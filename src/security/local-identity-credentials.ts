import type { WebResourceLike } from '@azure/core-http-compat';
import { PasswordServiceClientCredentialFactory, type ServiceClientCredentials } from 'botframework-connector';

/**
 * test-auth mode only: the bot's outbound connector tokens come from the local identity provider by the OAuth2
 * client-credentials grant (app id + password over real HTTP), where production asks Entra through MSAL.
 * Which app ids are valid, and whether authentication is on, stay botbuilder's own password-factory logic.
 */
export class LocalIdentityCredentialsFactory extends PasswordServiceClientCredentialFactory {
  constructor(
    appId: string,
    password: string,
    tenantId: string,
    private readonly tokenUrl: string,
  ) {
    super(appId, password, tenantId);
  }

  override async createCredentials(appId: string, audience: string | undefined): Promise<ServiceClientCredentials> {
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    let cached: { token: string; expiresAt: number } | undefined;
    const token = async (): Promise<string> => {
      if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
      const response = await fetch(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: appId,
          client_secret: this.password ?? '',
          scope: `${audience ?? ''}/.default`,
        }),
      });
      // The body of a failed token call is not echoed: it may quote the request.
      if (!response.ok) throw new Error(`the local identity provider refused the bot's token request (${response.status})`);
      const body = (await response.json()) as { access_token: string; expires_in: number };
      cached = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
      return cached.token;
    };
    return {
      async signRequest(resource: WebResourceLike): Promise<WebResourceLike> {
        resource.headers.set('authorization', `Bearer ${await token()}`);
        return resource;
      },
    };
  }
}
