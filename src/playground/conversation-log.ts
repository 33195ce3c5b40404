import { randomBytes, randomUUID } from 'node:crypto';

export type ChannelActivity = Record<string, any> & { id: string };

interface Conversation {
  token: string;
  /** Everything Web Chat is told, in order; the index is the Direct Line watermark. An update is a later entry with the same id. */
  stream: ChannelActivity[];
  latest: Map<string, ChannelActivity>;
}

/** The playground channel's conversations, in memory: Direct Line keeps no more than this for a client. */
export class ConversationLog {
  private readonly conversations = new Map<string, Conversation>();
  private counter = 0;

  create(): { conversationId: string; token: string } {
    const conversationId = `playground-${randomUUID()}`;
    const token = randomBytes(24).toString('base64url');
    this.conversations.set(conversationId, { token, stream: [], latest: new Map() });
    return { conversationId, token };
  }

  has(conversationId: string): boolean {
    return this.conversations.has(conversationId);
  }

  conversationOfToken(token: string): string | undefined {
    for (const [id, conversation] of this.conversations) if (conversation.token === token) return id;
    return undefined;
  }

  tokenMatches(conversationId: string, token: string | undefined): boolean {
    return token !== undefined && this.conversations.get(conversationId)?.token === token;
  }

  newActivityId(conversationId: string): string {
    return `${conversationId}|${String(++this.counter).padStart(7, '0')}`;
  }

  /** Adds a new activity to the conversation and returns it as stored. */
  append(conversationId: string, activity: Record<string, any>): ChannelActivity {
    const conversation = this.get(conversationId);
    const stored: ChannelActivity = {
      ...activity,
      id: activity.id ?? this.newActivityId(conversationId),
      timestamp: activity.timestamp ?? new Date().toISOString(),
    };
    conversation.stream.push(stored);
    conversation.latest.set(stored.id, stored);
    return stored;
  }

  /** Replaces an activity in place (same id and timestamp, so Web Chat keeps its position); false if it is unknown. */
  update(conversationId: string, activityId: string, changes: Record<string, any>): boolean {
    const conversation = this.get(conversationId);
    const current = conversation.latest.get(activityId);
    if (!current) return false;
    const updated: ChannelActivity = { ...current, ...changes, id: activityId, timestamp: current.timestamp, from: current.from };
    conversation.stream.push(updated);
    conversation.latest.set(activityId, updated);
    return true;
  }

  find(conversationId: string, activityId: string): ChannelActivity | undefined {
    return this.conversations.get(conversationId)?.latest.get(activityId);
  }

  since(conversationId: string, watermark: number): { activities: ChannelActivity[]; watermark: string } {
    const stream = this.get(conversationId).stream;
    const from = Number.isInteger(watermark) && watermark >= 0 ? watermark : 0;
    return { activities: stream.slice(from), watermark: String(stream.length) };
  }

  private get(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new Error(`unknown playground conversation ${conversationId}`);
    return conversation;
  }
}
