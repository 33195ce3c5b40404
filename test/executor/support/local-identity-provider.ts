import { constants, createHash, randomBytes, verify, X509Certificate } from 'crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

/** A token request as the identity provider received it, with what it concluded about the client's proof. */
export interface TokenRequestSeen {
  tenant: string;
  form: Record<string, string>;
  /** 'secret' or 'certificate' when the client proved itself, else why not. */
  clientProof: string;
  issuedToken?: string;
}

export interface LocalIdentityProviderOptions {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /** PEM certificate whose key must sign client assertions. */
  certificatePem?: string;
  /** Issue opaque strings instead of JWTs (to make a connect step fail). */
  opaqueTokens?: boolean;
}

/**
 * Plays Entra ID on 127.0.0.1: OpenID metadata, instance discovery and the v2.0 token endpoint for the client
 * credentials grant, checking a client secret or a certificate-signed client assertion as Entra does.
 */
export class LocalIdentityProvider {
  readonly requests: TokenRequestSeen[] = [];
  readonly issued: string[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly options: LocalIdentityProviderOptions) {}

  /** The public authority host MSAL is configured with; the loopback network client maps it here. */
  static readonly AUTHORITY_HOST = 'https://login.microsoftonline.com';

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => send(response, 500, { error: 'server_error', error_description: error.message }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const host = LocalIdentityProvider.AUTHORITY_HOST;
    if (request.method === 'GET' && url.pathname === '/common/discovery/instance') {
      return send(response, 200, {
        tenant_discovery_endpoint: `${host}/${this.options.tenantId}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net'] }],
      });
    }
    const metadata = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (request.method === 'GET' && metadata) {
      const tenant = metadata[1];
      return send(response, 200, {
        issuer: `${host}/${tenant}/v2.0`,
        authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
        token_endpoint: `${host}/${tenant}/oauth2/v2.0/token`,
        end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
        jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      });
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (request.method === 'POST' && token) {
      const form = Object.fromEntries(new URLSearchParams(await readBody(request)));
      const seen: TokenRequestSeen = { tenant: token[1], form, clientProof: this.checkClient(form, `${host}${url.pathname}`) };
      this.requests.push(seen);
      if (seen.tenant !== this.options.tenantId) return send(response, 400, { error: 'invalid_tenant', error_description: 'AADSTS90002: Tenant not found.' });
      if (form.grant_type !== 'client_credentials') return send(response, 400, { error: 'unsupported_grant_type' });
      if (form.client_id !== this.options.clientId) return send(response, 400, { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found.' });
      if (seen.clientProof !== 'secret' && seen.clientProof !== 'certificate') {
        return send(response, 401, { error: 'invalid_client', error_description: `AADSTS7000215: Invalid client credential (${seen.clientProof}).` });
      }
      const scope = form.scope?.split(' ').find((value) => value.endsWith('/.default'));
      if (!scope) return send(response, 400, { error: 'invalid_scope', error_description: 'AADSTS1002012: a /.default scope is required.' });
      const accessToken = this.issue(scope.slice(0, -'/.default'.length), seen.tenant);
      seen.issuedToken = accessToken;
      return send(response, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }
    send(response, 404, { error: 'not_found', error_description: `${request.method} ${url.pathname}` });
  }

  private checkClient(form: Record<string, string>, tokenEndpoint: string): string {
    if (form.client_secret !== undefined) return form.client_secret === this.options.clientSecret ? 'secret' : 'wrong secret';
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !form.client_assertion) return 'no credential';
    if (!this.options.certificatePem) return 'no certificate registered';
    const [headerPart, payloadPart, signaturePart] = form.client_assertion.split('.');
    const header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, string>;
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    const certificate = new X509Certificate(this.options.certificatePem);
    const thumbprint = createHash('sha256').update(certificate.raw).digest('base64url');
    if (header['x5t#S256'] !== thumbprint) return 'assertion names another certificate';
    const data = Buffer.from(`${headerPart}.${payloadPart}`);
    const signature = Buffer.from(signaturePart, 'base64url');
    const key = certificate.publicKey;
    const valid =
      header.alg === 'PS256'
        ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)
        : header.alg === 'RS256' && verify('sha256', data, key, signature);
    if (!valid) return 'bad assertion signature';
    if (payload.aud !== tokenEndpoint || payload.iss !== this.options.clientId || payload.sub !== this.options.clientId) return 'assertion claims do not match';
    if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now()) return 'assertion expired';
    return 'certificate';
  }

  private issue(audience: string, tenant: string): string {
    if (this.options.opaqueTokens) return `opaque-${randomBytes(24).toString('hex')}`;
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = [
      part({ typ: 'JWT', alg: 'RS256' }),
      part({ aud: audience, iss: `https://sts.windows.net/${tenant}/`, appid: this.options.clientId, roles: ['Organization.Read.All'], iat: now, exp: now + 3599, jti: randomBytes(8).toString('hex') }),
      randomBytes(32).toString('base64url'),
    ].join('.');
    this.issued.push(token);
    return token;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
