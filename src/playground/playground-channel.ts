import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT } from '../config/project-root';
import type { Logger } from '../logging/logger';
import { BotForwarder, type InvokeResponseBody, PLAYGROUND_BOT } from './bot-forwarder';
import { ConversationLog } from './conversation-log';
import { personaByKey, type PlaygroundPersona, PLAYGROUND_PERSONAS } from './personas';

const WEB_DIR = join(PROJECT_ROOT, 'src', 'playground', 'web');
const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';

/**
 * The local playground: a chat page with Bot Framework Web Chat, and a channel on the Direct Line protocol shape
 * that hands each activity to the bot through /api/messages and receives its replies and card updates on
 * connector endpoints, as Teams would. Mounted in dev mode only.
 */
export class PlaygroundChannel {
  private readonly log = new ConversationLog();
  private readonly forwarder: BotForwarder;
  /** Files uploaded from the page, served back like the pre-authenticated download links Teams gives bots. */
  private readonly files = new Map<string, { name: string; text: string }>();

  constructor(private readonly deps: { tenantId: string; logger: Logger }) {
    this.forwarder = new BotForwarder(deps.tenantId);
  }

  connect(botUrl: string): void {
    this.forwarder.connect(botUrl);
  }

  mount(server: Server): void {
    this.mountPage(server);
    this.mountDirectLine(server);
    this.mountConnector(server);
    this.mountFiles(server);
  }

  /**
   * The page's file button: the CSV is kept here and the page then sends the message Teams sends for an upload
   * (an attachment of type application/vnd.microsoft.teams.file.download.info whose downloadUrl points here).
   */
  private mountFiles(server: Server): void {
    server.post('/playground/files/:conversationId', async (req: Request, res: Response) => {
      const conversationId = String(req.params.conversationId);
      if (!this.log.tokenMatches(conversationId, bearer(req))) return void res.send(403, { error: { code: 'TokenInvalid' } });
      const { name, text } = (req.body ?? {}) as { name?: unknown; text?: unknown };
      if (typeof text !== 'string' || typeof name !== 'string') return void res.send(400, { error: { code: 'BadArgument', message: 'Send { name, text }.' } });
      const id = randomBytes(16).toString('hex');
      this.files.set(id, { name, text });
      res.send(201, { id, path: `/playground/files/${id}` });
    });
    server.get('/playground/files/:id', async (req: Request, res: Response) => {
      const file = this.files.get(String(req.params.id));
      if (!file) return void res.send(404, { error: { code: 'NotFound' } });
      sendRaw(res, 200, Buffer.from(file.text, 'utf8'), 'text/csv; charset=utf-8');
    });
  }

  private mountPage(server: Server): void {
    const files: Record<string, { path: string; type: string }> = {
      '/': { path: join(WEB_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
      '/playground/playground.js': { path: join(WEB_DIR, 'playground.js'), type: 'text/javascript; charset=utf-8' },
      '/playground/playground.css': { path: join(WEB_DIR, 'playground.css'), type: 'text/css; charset=utf-8' },
      '/playground/teams-host-config.json': { path: join(WEB_DIR, 'teams-host-config.json'), type: 'application/json' },
      // The UMD bundle botframework-webchat ships on npm: served from node_modules, no CDN.
      '/playground/webchat.js': { path: webChatBundlePath(), type: 'text/javascript; charset=utf-8' },
    };
    const cache = new Map<string, Buffer>();
    for (const [route, file] of Object.entries(files)) {
      server.get(route, async (_req: Request, res: Response) => {
        const body = cache.get(route) ?? readFileSync(file.path);
        if (route === '/playground/webchat.js') cache.set(route, body);
        sendRaw(res, 200, body, file.type);
      });
    }
    server.get('/favicon.ico', async (_req: Request, res: Response) => {
      res.send(204);
    });
    server.get('/playground/personas.json', async (_req: Request, res: Response) => {
      res.send(200, PLAYGROUND_PERSONAS);
    });
  }

  private mountDirectLine(server: Server): void {
    // A conversation-bound token, as Direct Line's tokens/generate gives a page.
    server.post('/v3/directline/tokens/generate', async (_req: Request, res: Response) => {
      const { conversationId, token } = this.log.create();
      res.send(200, { conversationId, token, expires_in: 3600 });
    });
    server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => {
      const token = bearer(req);
      const conversationId = token ? this.log.conversationOfToken(token) : undefined;
      if (!conversationId) return void res.send(403, { error: { code: 'TokenInvalid', message: 'Unknown token.' } });
      res.send(200, { conversationId, token, expires_in: 3600 });
    });
    server.post('/v3/directline/conversations', async (req: Request, res: Response) => {
      const token = bearer(req);
      const conversationId = token ? this.log.conversationOfToken(token) : undefined;
      if (!conversationId) return void res.send(403, { error: { code: 'TokenInvalid', message: 'Start with POST /v3/directline/tokens/generate.' } });
      res.send(201, { conversationId, token, expires_in: 3600 });
    });
    server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
      const conversationId = String(req.params.conversationId);
      if (!this.log.tokenMatches(conversationId, bearer(req))) return void res.send(403, { error: { code: 'TokenInvalid' } });
      // No query parser is installed on the server, so the watermark is read from the raw query string.
      const watermark = new URLSearchParams(req.getQuery()).get('watermark');
      res.send(200, this.log.since(conversationId, Number(watermark ?? 0)));
    });
    server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
      const conversationId = String(req.params.conversationId);
      if (!this.log.tokenMatches(conversationId, bearer(req))) return void res.send(403, { error: { code: 'TokenInvalid' } });
      const activity = (req.body ?? {}) as Record<string, any>;
      const persona = personaByKey(activity.channelData?.persona);
      if (!persona) return void res.send(400, { error: { code: 'BadArgument', message: 'channelData.persona must name a playground persona.' } });
      try {
        res.send(200, activity.type === 'invoke' ? await this.invoke(conversationId, persona, activity) : { id: await this.say(conversationId, persona, activity) });
      } catch (error) {
        this.deps.logger.error('playground could not deliver an activity', { error: error instanceof Error ? error.message : String(error) });
        res.send(502, { error: { code: 'BotError', message: 'The bot did not accept the activity.' } });
      }
    });
  }

  /** A message: echoed to the page first (Direct Line does), then processed by the bot. */
  private async say(conversationId: string, persona: PlaygroundPersona, activity: Record<string, any>): Promise<string> {
    const echoed = this.log.append(conversationId, {
      ...activity,
      id: undefined,
      timestamp: undefined,
      from: { id: persona.id, name: persona.name, role: 'user' },
      conversation: { id: conversationId },
    });
    const { status } = await this.forwarder.forward(conversationId, persona, echoed);
    if (status >= 300) throw new Error(`the bot answered ${status}`);
    return echoed.id;
  }

  /**
   * An Adaptive Card Action.Execute (a click, or a Universal Actions refresh). As in Teams, the invoke response
   * goes back to the client that sent it, which shows the card in it to that viewer only; a message in it
   * answers a click in the conversation.
   */
  private async invoke(conversationId: string, persona: PlaygroundPersona, activity: Record<string, any>): Promise<{ id: string; invokeResponse?: InvokeResponseBody }> {
    const id = this.log.newActivityId(conversationId);
    const cardId = typeof activity.replyToId === 'string' ? activity.replyToId : undefined;
    const { status, body } = await this.forwarder.forward(conversationId, persona, { ...activity, id, timestamp: new Date().toISOString() });
    if (status >= 300 || (body?.statusCode ?? 200) >= 300) throw new Error(`the bot answered the card action with ${body?.statusCode ?? status}`);
    if (body?.type === INVOKE_MESSAGE && typeof body.value === 'string' && activity.value?.trigger !== 'automatic') {
      this.log.append(conversationId, { type: 'message', text: body.value, from: PLAYGROUND_BOT, replyToId: cardId });
    }
    return { id, invokeResponse: body };
  }

  /** What the Bot Connector service does for the bot: new activities, replies and updates, over HTTP. */
  private mountConnector(server: Server): void {
    const base = '/playground/connector/v3/conversations/:conversationId/activities';
    const send = async (req: Request, res: Response) => {
      const conversationId = String(req.params.conversationId);
      if (!this.log.has(conversationId)) return void res.send(404, { error: { code: 'ConversationNotFound' } });
      const stored = this.log.append(conversationId, this.fromBot(req.body, conversationId));
      res.send(200, { id: stored.id });
    };
    server.post(base, send);
    server.post(`${base}/:activityId`, send);
    server.put(`${base}/:activityId`, async (req: Request, res: Response) => {
      const conversationId = String(req.params.conversationId);
      const activityId = String(req.params.activityId);
      if (!this.log.has(conversationId) || !this.log.update(conversationId, activityId, this.fromBot(req.body, conversationId))) {
        return void res.send(404, { error: { code: 'ActivityNotFound' } });
      }
      res.send(200, { id: activityId });
    });
  }

  /** The bot's activity as the page gets it. */
  private fromBot(body: unknown, conversationId: string): Record<string, any> {
    const { serviceUrl: _serviceUrl, recipient: _recipient, id: _id, replyToId, ...activity } = (body ?? {}) as Record<string, any>;
    // A proactive message replies to an activity the page never saw, and Web Chat would hold it back waiting for it.
    const known = typeof replyToId === 'string' && this.log.find(conversationId, replyToId) !== undefined;
    return { ...activity, ...(known ? { replyToId } : {}), from: PLAYGROUND_BOT, conversation: { id: conversationId } };
  }
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
  return match?.[1];
}

function webChatBundlePath(): string {
  // The package's exports hide dist/, so find it next to the resolved entry point (lib/index.js).
  return join(dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

function sendRaw(res: Response, status: number, body: Buffer, type: string): void {
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-cache');
  res.sendRaw(status, body);
}
