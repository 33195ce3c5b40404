import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app';
import { readConfig, type Config } from '../../src/config/read-config';
import { silentLogger } from '../../src/logging/logger';
import { cardOf, TeamsConnector } from './teams-connector';
import { ADMIN_CONVERSATION, type Persona, teamsEnvelope } from './personas';

/** The real server on 127.0.0.1 with a fresh store and tenant, and a local Teams connector for its replies. */
export class BotHarness {
  readonly connector = new TeamsConnector();
  app!: App;
  config!: Config;
  botUrl = '';
  private serviceUrl = '';
  readonly dataDir = mkdtempSync(join(tmpdir(), 'voiceops-e2e-'));
  private activityCounter = 0;
  /** What Teams sends as activity.locale and localTimezone (the client's language and zone); tests may change them. */
  locale = 'en-US';
  localTimezone: string | undefined;

  constructor(
    private readonly env: NodeJS.ProcessEnv = {},
    private readonly appOptions: AppOptions = {},
  ) {}

  async start(): Promise<this> {
    this.serviceUrl = await this.connector.start();
    // Functional scenarios type faster than a person; the rate limits have their own tests in test/security.
    const unthrottled = { VOICEOPS_USER_BURST: '1000', VOICEOPS_USER_PER_MINUTE: '100000', VOICEOPS_TENANT_BURST: '10000' };
    this.config = readConfig({ VOICEOPS_DATA_DIR: this.dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '1', ...unthrottled, ...this.env });
    this.app = createApp(this.config, { logger: silentLogger, ...this.appOptions });
    const address = await this.app.listen();
    this.botUrl = `http://127.0.0.1:${address.port}`;
    return this;
  }

  /** Stops the app and starts a new one on the same data directory (same database and tenant), as a restart would. */
  async restart(): Promise<this> {
    await this.app.close();
    this.app = createApp(this.config, { logger: silentLogger, ...this.appOptions });
    const address = await this.app.listen();
    this.botUrl = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.connector.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The envelope of an inbound activity from this person in this conversation, for activities of any type. */
  base(from: Persona, conversationId: string): Record<string, unknown> {
    return teamsEnvelope(from, {
      id: `in-${++this.activityCounter}`,
      serviceUrl: this.serviceUrl,
      conversationId,
      locale: this.locale,
      localTimezone: this.localTimezone,
    });
  }

  /** Posts a Teams message activity; the bot's answers arrive at the connector. */
  async say(from: Persona, text: string, conversationId = ADMIN_CONVERSATION): Promise<number> {
    const response = await this.post({ ...this.base(from, conversationId), type: 'message', text });
    return response.status;
  }

  /** Posts a Teams message activity with extra fields (attachments, for a file upload). */
  async message(from: Persona, fields: Record<string, unknown>, conversationId = ADMIN_CONVERSATION): Promise<number> {
    const response = await this.post({ ...this.base(from, conversationId), type: 'message', ...fields });
    return response.status;
  }

  /** Posts an Action.Execute invoke and returns the invoke response body Teams would get. */
  async click(
    from: Persona,
    verb: string,
    data: Record<string, unknown>,
    conversationId = ADMIN_CONVERSATION,
    trigger: 'manual' | 'automatic' = 'manual',
  ): Promise<any> {
    const response = await this.post({
      ...this.base(from, conversationId),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    });
    return response.json();
  }

  async post(activity: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
  }

  /**
   * The approval card of the latest request: its id, nonce and the card itself. The shared card carries
   * the request reference in its Universal Actions refresh (or, when it has them, in its buttons).
   */
  latestApprovalCard(): { requestId: number; nonce: string; card: Record<string, any> } {
    const withReference = this.connector
      .sent()
      .map((c) => cardOf(c.activity))
      .filter((card): card is Record<string, any> => Boolean(card?.refresh?.action?.data ?? card?.actions?.[0]?.data));
    const card = withReference[withReference.length - 1];
    if (!card) throw new Error('no approval card was posted');
    const data = card.refresh?.action?.data ?? card.actions[0].data;
    return { requestId: Number(data.requestId), nonce: String(data.nonce), card };
  }

  /** What Teams shows this person: the card their client gets from the automatic Universal Actions refresh. */
  async viewAs(from: Persona, requestId: number, nonce: string): Promise<Record<string, any>> {
    const answer = await this.click(from, 'refresh', { requestId, nonce }, ADMIN_CONVERSATION, 'automatic');
    if (answer.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`refresh answered ${JSON.stringify(answer)}`);
    return answer.value;
  }
}
