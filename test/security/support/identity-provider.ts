import { createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of real Teams channel tokens (login.botframework.com's metadata says so). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  endorsements?: string[];
}

export interface TokenOptions {
  alg?: 'RS256' | 'HS256' | 'none';
  kid?: string;
  /** Sign with this key instead of the channel key (e.g. a key the provider never published). */
  key?: SigningKey;
  /** For HS256: the shared secret (the attack: the provider's public key as an HMAC secret). */
  hmacSecret?: string | Buffer;
}

/**
 * A local stand-in for login.botframework.com (channel token keys), the Entra common endpoint (emulator-path
 * keys) and the Entra token endpoint (the bot's own outbound tokens), over real HTTP on 127.0.0.1. Keys are
 * RS256 pairs generated per run; tokens are minted here the way those services mint them.
 */
export class LocalIdentityProvider {
  readonly channelKey = newKey(['msteams', 'webchat']);
  readonly emulatorKey = newKey();
  /** A well-formed key that is never published: tokens signed with it must be refused. */
  readonly unpublishedKey = newKey(['msteams']);
  readonly tokenRequests: { clientId: string; scope: string }[] = [];
  private server: Server | undefined;
  private base = '';

  constructor(private readonly client: { appId: string; password: string; tenantId: string }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  get channelMetadataUrl(): string {
    return `${this.base}/botframework/v1/.well-known/openidconfiguration`;
  }

  get emulatorMetadataUrl(): string {
    return `${this.base}/common/v2.0/.well-known/openid-configuration`;
  }

  get tokenUrl(): string {
    return `${this.base}/${this.client.tenantId}/oauth2/v2.0/token`;
  }

  /** The PEM of the channel key's public half: what an attacker can download from the metadata. */
  channelPublicPem(): string {
    return this.channelKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** A Teams channel token as Bot Framework mints it: iss api.botframework.com, aud = the bot, serviceurl. */
  channelToken(claims: Record<string, unknown> = {}, options: TokenOptions = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return this.mint(
      { iss: CHANNEL_ISSUER, aud: this.client.appId, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims },
      { key: this.channelKey, ...options },
    );
  }

  /**
   * What the bot's own secret buys from Entra: an app-only v1 token for the bot's own audience
   * (iss sts.windows.net/<tenant>/, appid = the bot). botbuilder sends these down its emulator path.
   */
  emulatorToken(claims: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return this.mint(
      {
        iss: `https://sts.windows.net/${this.client.tenantId}/`,
        aud: this.client.appId,
        appid: this.client.appId,
        tid: this.client.tenantId,
        ver: '1.0',
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
        ...claims,
      },
      { key: this.emulatorKey },
    );
  }

  mint(payload: Record<string, unknown>, options: TokenOptions = {}): string {
    const key = options.key ?? this.channelKey;
    const alg = options.alg ?? 'RS256';
    const header = { alg, typ: 'JWT', kid: options.kid ?? key.kid, x5t: key.kid };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature =
      alg === 'none'
        ? ''
        : alg === 'HS256'
          ? createHmac('sha256', options.hmacSecret ?? '').update(input).digest('base64url')
          : sign('sha256', Buffer.from(input), key.privateKey).toString('base64url');
    return `${input}.${signature}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.base).pathname;
    if (req.method === 'GET' && path === '/botframework/v1/.well-known/openidconfiguration') {
      return json(res, 200, { issuer: CHANNEL_ISSUER, jwks_uri: `${this.base}/botframework/v1/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.method === 'GET' && path === '/botframework/v1/keys') return json(res, 200, { keys: [jwk(this.channelKey)] });
    if (req.method === 'GET' && path === '/common/v2.0/.well-known/openid-configuration') {
      return json(res, 200, { issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0', jwks_uri: `${this.base}/common/discovery/v2.0/keys` });
    }
    if (req.method === 'GET' && path === '/common/discovery/v2.0/keys') return json(res, 200, { keys: [jwk(this.emulatorKey)] });
    if (req.method === 'POST' && path === `/${this.client.tenantId}/oauth2/v2.0/token`) {
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.client.appId || form.get('client_secret') !== this.client.password) {
        return json(res, 401, { error: 'invalid_client' });
      }
      this.tokenRequests.push({ clientId: form.get('client_id')!, scope: form.get('scope') ?? '' });
      const now = Math.floor(Date.now() / 1000);
      const token = this.mint(
        { iss: `https://sts.windows.net/${this.client.tenantId}/`, aud: CHANNEL_ISSUER, appid: this.client.appId, ver: '1.0', nbf: now, exp: now + 3600 },
        { key: this.emulatorKey },
      );
      return json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
    }
    json(res, 404, { error: 'not found' });
  }
}

function newKey(endorsements?: string[]): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey, publicKey, endorsements };
}

function jwk(key: SigningKey): Record<string, unknown> {
  const { n, e } = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: key.kid, n, e, ...(key.endorsements ? { endorsements: key.endorsements } : {}) };
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
