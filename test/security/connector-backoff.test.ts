import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { ConnectorRefusal, PacedConnectorClient } from '../../src/bot/paced-connector-client';
import { silentLogger } from '../../src/logging/logger';
import { ManualClock } from './support/manual-clock';

/** botbuilder's own ConnectorClient over real HTTP, with our client underneath; the clock records the backoff. */
describe('outbound backoff on the statuses Teams asks bots to retry', () => {
  let server: Server;
  let baseUri = '';
  let answers: { status: number; headers?: Record<string, string> }[] = [];
  let attempts = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        attempts++;
        const answer = answers.shift() ?? { status: 200 };
        res.statusCode = answer.status;
        for (const [k, v] of Object.entries(answer.headers ?? {})) res.setHeader(k, v);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer.status === 200 ? { id: 'sent-1' } : { error: { code: 'x', message: 'y' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const connector = (clock: ManualClock) =>
    new ConnectorClient(MicrosoftAppCredentials.Empty, {
      baseUri,
      httpClient: new PacedConnectorClient({ clock, logger: silentLogger, random: () => 0.5 }),
    });

  test('412, 502, 503 and 504 are retried with exponential backoff until the message is delivered', async () => {
    const clock = new ManualClock();
    answers = [{ status: 412 }, { status: 502 }, { status: 503 }, { status: 504 }];
    attempts = 0;
    const sent = await connector(clock).conversations.sendToConversation('19:c', { type: 'message', text: 'hi' });
    expect(sent.id).toBe('sent-1');
    expect(attempts).toBe(5);
    expect(clock.sleeps).toEqual([2_000, 4_000, 8_000, 16_000]);
  });

  test('a 429 with Retry-After waits as long as Teams asked', async () => {
    const clock = new ManualClock();
    answers = [{ status: 429, headers: { 'retry-after': '3' } }];
    attempts = 0;
    await connector(clock).conversations.sendToConversation('19:c', { type: 'message', text: 'hi' });
    expect(attempts).toBe(2);
    expect(clock.sleeps).toEqual([3_000]);
  });

  test('a 400 is not retried: it is the caller\'s error, thrown with Teams\' error code', async () => {
    const clock = new ManualClock();
    answers = [{ status: 400 }];
    attempts = 0;
    // botbuilder's compat client would hand the error body back as the result; the refusal is thrown instead.
    const refused = await connector(clock).conversations.sendToConversation('19:c', { type: 'message', text: 'hi' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConnectorRefusal);
    expect(refused).toMatchObject({ statusCode: 400, code: 'x', message: 'the Bot Connector answered 400 to POST /v3/conversations/19%3Ac/activities (x: y)' });
    expect(attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('a retried status that never clears is thrown once the attempts run out', async () => {
    const clock = new ManualClock();
    answers = Array.from({ length: 8 }, () => ({ status: 502 }));
    attempts = 0;
    await expect(connector(clock).conversations.sendToConversation('19:c', { type: 'message', text: 'hi' })).rejects.toMatchObject({ statusCode: 502 });
    expect(attempts).toBe(8);
  });
});
