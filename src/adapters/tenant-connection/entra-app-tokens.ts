import { X509Certificate } from 'crypto';
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';

/** Microsoft Teams PowerShell's app-only resource (Skype and Teams Tenant Admin API). */
export const TEAMS_ADMIN_SCOPE = 'https://api.interfaces.records.teams.microsoft.com/.default';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type EntraClientCredential =
  | { kind: 'secret'; secret: string }
  /** PEM text holding the certificate and its private key (what `openssl req -x509 -nodes` writes). */
  | { kind: 'certificate'; pem: string };

export interface EntraAppRegistration {
  tenantId: string;
  clientId: string;
  credential: EntraClientCredential;
  /** Default https://login.microsoftonline.com (sovereign clouds use another host). */
  authorityHost?: string;
}

export interface AppToken {
  accessToken: string;
  expiresAt: number;
}

export interface EntraAppTokenOptions {
  /** MSAL's HTTP client; tests pass one that sends to a local identity provider. */
  networkClient?: INetworkModule;
}

/** App-only (client credentials) tokens from Entra ID through MSAL, which also caches them until near expiry. */
export class EntraAppTokens {
  private readonly client: ConfidentialClientApplication;

  constructor(registration: EntraAppRegistration, options: EntraAppTokenOptions = {}) {
    const authorityHost = (registration.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
    const configuration: Configuration = {
      auth: {
        clientId: registration.clientId,
        authority: `${authorityHost}/${registration.tenantId}`,
        ...clientCredentialOf(registration.credential),
      },
      // MSAL logs nothing unless given a callback; we give none, so tokens and secrets cannot reach a log from here.
      system: options.networkClient ? { networkClient: options.networkClient } : {},
    };
    this.client = new ConfidentialClientApplication(configuration);
  }

  async token(scope: string): Promise<AppToken> {
    const result = await this.client.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error(`Entra ID returned no access token for ${scope}.`);
    return { accessToken: result.accessToken, expiresAt: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000 };
  }
}

function clientCredentialOf(credential: EntraClientCredential): Pick<NonNullable<Configuration['auth']>, 'clientSecret' | 'clientCertificate'> {
  if (credential.kind === 'secret') return { clientSecret: credential.secret };
  const certificate = new X509Certificate(credential.pem);
  const privateKey = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(credential.pem)?.[0];
  if (!privateKey) throw new Error('The client certificate file holds no private key (PEM "PRIVATE KEY" block).');
  return {
    clientCertificate: {
      thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''),
      privateKey,
      // Sending the certificate lets Entra use subject name/issuer authentication when the app is set up for it.
      x5c: certificate.toString(),
    },
  };
}
