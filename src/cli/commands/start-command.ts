import { readConfig } from '../../config/read-config';
import { loggerFor } from '../../logging/logger';
import { UsageError, type CliCommand } from '../cli-command';

export const startCommand: CliCommand = {
  name: 'start',
  args: '',
  summary: 'Run the bot: POST /api/messages, GET /healthz, /readyz and /metrics.',
  description:
    'Starts the Bot Framework endpoint with a warm pool of pwsh sessions. Without NODE_ENV=production it runs in dev mode: ' +
    'no Bot Framework credentials, the simulated tenant, 127.0.0.1:3978. In production it refuses to start without ' +
    'MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId and ALLOWED_TENANT_IDS. Stops cleanly on SIGINT/SIGTERM.',
  examples: ['voiceops start', 'NODE_ENV=production PORT=8080 voiceops start'],
  async run(args, io) {
    if (args.length > 0) throw new UsageError(`start takes no arguments, not "${args.join(' ')}".`);
    const config = readConfig(io.env());
    // Loaded here so that other subcommands do not load restify and botbuilder.
    const { openApp } = await import('../../app');
    // With DATABASE_URL this is a scale-out replica on PostgreSQL (docs/scale-out.md); otherwise embedded SQLite.
    const app = await openApp(config, { logger: loggerFor(config) });
    await app.listen();
    return { stop: () => app.close() };
  },
};
