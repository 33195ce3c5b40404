import { type ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import * as restify from 'restify';

/**
 * Serves a baseline bot the bare way: botbuilder's CloudAdapter (configured as voiceops is in dev mode) on restify,
 * with nothing of voiceops in between. Prints the JSON line server-process.ts waits for; on SIGTERM closes the
 * server, runs `cleanUp` and exits.
 */
export function serveBareBot(bot: ActivityHandler, name: string, cleanUp: () => Promise<void> = async () => undefined): void {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ message: `${name} listening`, url: `http://127.0.0.1:${port}/api/messages` })}\n`);
  });
  process.once('SIGTERM', () => server.close(() => void cleanUp().finally(() => process.exit(0))));
}
