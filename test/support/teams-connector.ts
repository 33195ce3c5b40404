import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The activity id in the path: replyToId for POST replies, the updated activity for PUT. */
  activityId?: string;
  activity: Record<string, any>;
}

/**
 * A local stand-in for the Teams Bot Connector service: the bot's replies, proactive messages and
 * card updates arrive here over real HTTP, as they would at smba.trafficmanager.net.
 */
export class TeamsConnector {
  /** Every call that reached Teams; a POST with the id this connector gave the new activity. */
  readonly calls: (ConnectorCall & { id?: string })[] = [];
  /** Calls answered with an error status by refuse(), kept apart from the calls that reached Teams. */
  readonly refused: ConnectorCall[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private refusals: { match: (call: ConnectorCall) => boolean; times: number; status: number }[] = [];

  /** The next `times` calls that match are answered `status` (with a Bot Connector error body) and not kept. */
  refuse(match: (call: ConnectorCall) => boolean, times: number, status: number): void {
    this.refusals.push({ match, times, status });
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const body = await readBody(req);
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(req.url ?? '');
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) {
        reply(res, 404, '');
        return;
      }
      const conversationId = decodeURIComponent(match[1]);
      const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
      const call: ConnectorCall = { method: req.method, conversationId, activityId, activity: JSON.parse(body || '{}') };
      const refusal = this.refusals.find((r) => r.times > 0 && r.match(call));
      if (refusal) {
        refusal.times -= 1;
        this.refused.push(call);
        reply(res, refusal.status, JSON.stringify({ error: { code: 'RefusedByTest', message: 'refused by the test' } }));
        return;
      }
      const id = req.method === 'PUT' ? activityId : `activity-${this.nextId++}`;
      this.calls.push(req.method === 'POST' ? { ...call, id } : call);
      reply(res, 200, JSON.stringify({ id }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Messages sent (POST), with the id this connector gave each. */
  sent(): (ConnectorCall & { id: string })[] {
    return this.calls.flatMap((call) => (call.method === 'POST' && call.id ? [{ ...call, id: call.id }] : []));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  texts(): string[] {
    return this.sent().map((c) => String(c.activity.text ?? ''));
  }

  /** Forgets the calls so far (refusals still to come stay). */
  clear(): void {
    this.calls.length = 0;
    this.refused.length = 0;
  }

  /** Drops the refusals not used up yet. */
  stopRefusing(): void {
    this.refusals = [];
  }
}

// restify (loaded in the same process by the bot) patches ServerResponse, so writeHead() is not chainable here.
function reply(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  if (body) res.setHeader('content-type', 'application/json');
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The first Adaptive Card attached to an activity. */
export function cardOf(activity: Record<string, any>): Record<string, any> | undefined {
  return activity.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every TextBlock text in a card, joined: what a reader sees. */
export function cardText(card: Record<string, any> | undefined): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextBlock' && typeof o.text === 'string') texts.push(o.text);
      if (o.type === 'FactSet' && Array.isArray(o.facts)) for (const f of o.facts as any[]) texts.push(`${f.title}: ${f.value}`);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return texts.join('\n');
}
