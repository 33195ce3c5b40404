import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../src/app';
import { readConfig } from '../../../src/config/read-config';
import { jsonLogger } from '../../../src/logging/logger';
import type { Clock } from '../../../src/security/clock';
import { ADMIN_CONVERSATION, type Persona } from '../../support/personas';
import { TeamsConnector } from '../../support/teams-connector';
import { LocalIdentityProvider } from './identity-provider';

export const APP_ID = '00000000-b07a-4000-8000-0000000b07a1';
export const OUR_TENANT = '72f988bf-0000-4000-8000-00000000c0de';
export const FOREIGN_TENANT = '0f0f0f0f-0000-4000-8000-00000000f0e1';

/**
 * The real server in test-auth mode: botbuilder validates every token against the local identity provider,
 * replies reach a local Teams connector, and every log line is kept for inspection.
 */
export class SecureBot {
  readonly password = `pw-${randomBytes(18).toString('base64url')}`;
  readonly idp = new LocalIdentityProvider({ appId: APP_ID, password: this.password, tenantId: OUR_TENANT });
  readonly connector: TeamsConnector;
  readonly logLines: string[] = [];
  readonly dataDir = mkdtempSync(join(tmpdir(), 'voiceops-security-'));
  app!: App;
  serviceUrl = '';
  private botUrl = '';

  constructor(
    private readonly options: { env?: NodeJS.ProcessEnv; clock?: Clock; connector?: TeamsConnector } = {},
  ) {
    this.connector = options.connector ?? new TeamsConnector();
  }

  async start(): Promise<this> {
    await this.idp.start();
    this.serviceUrl = await this.connector.start();
    const config = readConfig({
      VOICEOPS_MODE: 'test-auth',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: this.password,
      MicrosoftAppTenantId: OUR_TENANT,
      ALLOWED_TENANT_IDS: OUR_TENANT,
      BotOpenIdMetadata: this.idp.channelMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: this.idp.emulatorMetadataUrl,
      VOICEOPS_TEST_TOKEN_URL: this.idp.tokenUrl,
      VOICEOPS_DATA_DIR: this.dataDir,
      VOICEOPS_POLICY: join(__dirname, '../../../config/policy.dev.json'),
      PORT: '0',
      VOICEOPS_POOL_SIZE: '1',
      ...this.options.env,
    });
    this.app = createApp(config, { logger: jsonLogger((line) => this.logLines.push(line)), clock: this.options.clock });
    const address = await this.app.listen();
    this.botUrl = `http://127.0.0.1:${address.port}/api/messages`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.connector.stop();
    await this.idp.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A Teams message activity from our tenant, with overrides. */
  message(from: Persona, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: `28:${APP_ID}`, name: 'voiceops' },
      conversation: { id: ADMIN_CONVERSATION, conversationType: 'channel', tenantId: OUR_TENANT },
      channelData: { tenant: { id: OUR_TENANT } },
      text,
      ...overrides,
    };
  }

  /** A valid channel token for this activity's serviceUrl. */
  tokenFor(activity: Record<string, unknown>): string {
    return this.idp.channelToken({ serviceurl: activity.serviceUrl });
  }

  async post(body: unknown, authorization?: string, contentType = 'application/json'): Promise<Response> {
    return fetch(this.botUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(authorization ? { authorization } : {}) },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
  }

  /** Posts with a valid channel token, as Teams would. */
  async send(activity: Record<string, unknown>): Promise<Response> {
    return this.post(activity, `Bearer ${this.tokenFor(activity)}`);
  }

  logs(): Record<string, any>[] {
    return this.logLines.map((line) => JSON.parse(line));
  }

  refusals(): Record<string, any>[] {
    return this.logs().filter((l) => l.message === 'inbound request refused');
  }
}
