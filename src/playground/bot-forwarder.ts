import type { PlaygroundPersona } from './personas';

export const PLAYGROUND_CHANNEL_ID = 'playground';
export const PLAYGROUND_BOT = { id: 'voiceops', name: 'voiceops', role: 'bot' };

export interface InvokeResponseBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

/**
 * Hands a Web Chat activity to the bot the way a Bot Framework channel does: an HTTP POST to /api/messages,
 * with the persona's Entra identity, the tenant fields and a serviceUrl pointing at the playground's connector.
 */
export class BotForwarder {
  private botUrl: string | undefined;

  constructor(private readonly tenantId: string) {}

  /** The bot's own base URL, known once the server listens. */
  connect(botUrl: string): void {
    this.botUrl = botUrl.replace(/\/$/, '');
  }

  async forward(
    conversationId: string,
    persona: PlaygroundPersona,
    activity: Record<string, any> & { id: string },
  ): Promise<{ status: number; body: InvokeResponseBody | undefined }> {
    if (!this.botUrl) throw new Error('the playground channel is not connected to the bot yet');
    const channelActivity = {
      type: activity.type,
      id: activity.id,
      name: activity.name,
      text: activity.text,
      value: activity.value,
      attachments: activity.attachments,
      replyToId: activity.replyToId,
      locale: activity.locale ?? 'en-US',
      localTimezone: activity.localTimezone,
      timestamp: activity.timestamp,
      localTimestamp: activity.localTimestamp,
      channelId: PLAYGROUND_CHANNEL_ID,
      serviceUrl: `${this.botUrl}/playground/connector/`,
      from: { id: persona.id, name: persona.name, aadObjectId: persona.aadObjectId, role: 'user' },
      recipient: PLAYGROUND_BOT,
      conversation: { id: conversationId, conversationType: 'groupChat', tenantId: this.tenantId },
      channelData: { tenant: { id: this.tenantId } },
    };
    const response = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(channelActivity),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as InvokeResponseBody) : undefined };
  }
}
