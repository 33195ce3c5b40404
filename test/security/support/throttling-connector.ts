import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TeamsConnector } from '../../support/teams-connector';

export interface Arrival {
  at: number;
  conversationId: string;
  status: number;
  text: string;
}

/**
 * A local Teams connector that answers 429 (Retry-After: 1) to everything for its first `throttleMs`,
 * as Teams does when a bot is over its limits, then accepts. It records when every attempt arrived.
 */
export class ThrottlingConnector extends TeamsConnector {
  readonly arrivals: Arrival[] = [];
  private throttledUntil = 0;
  private httpServer: Server | undefined;
  private nextActivity = 1;

  constructor(private readonly throttleMs: number) {
    super();
  }

  override async start(): Promise<string> {
    this.httpServer = createServer(async (req, res) => {
      const body = await readBody(req);
      const at = Date.now();
      if (this.throttledUntil === 0) this.throttledUntil = at + this.throttleMs;
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const conversationId = match ? decodeURIComponent(match[1]) : '';
      const activity = JSON.parse(body || '{}');
      const status = at < this.throttledUntil ? 429 : 200;
      this.arrivals.push({ at, conversationId, status, text: String(activity.text ?? '') });
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      if (status === 429) res.setHeader('retry-after', '1');
      else this.calls.push({ method: req.method as 'POST', conversationId, activity });
      res.end(status === 429 ? JSON.stringify({ error: { code: 'Throttled' } }) : JSON.stringify({ id: `activity-${this.nextActivity++}` }));
    });
    await new Promise<void>((resolve) => this.httpServer!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.httpServer.address() as AddressInfo).port}/`;
  }

  override async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.httpServer?.close(() => resolve()));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
