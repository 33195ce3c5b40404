import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import * as restify from 'restify';
import { SqliteStore } from './adapters/sqlite/sqlite-store';
import { PowerShellSessionPool } from './adapters/powershell/powershell-session-pool';
import { BotMessenger } from './bot/bot-messenger';
import { CommandRouter } from './bot/command-router';
import { ExecutionRunner, type ExecutionStarter } from './bot/execution-runner';
import { RequestNotifier } from './bot/request-notifier';
import { PacedConnectorClient } from './bot/paced-connector-client';
import { rateLimit } from './bot/rate-limit';
import { SendPacer } from './bot/send-pacer';
import { VoiceOpsBot } from './bot/voiceops-bot';
import { decideAction, type CardActionHandler } from './card-actions/decide-action';
import { DecisionFlow } from './card-actions/decision-flow';
import { APPROVE, CHECK_DNS, HELP, MY_REQUESTS, REJECT, STATUS } from './commands/bot-commands';
import { checkDnsCommand } from './commands/check-dns-command';
import { NodeDnsLookup } from './adapters/dns/node-dns-lookup';
import { checkCommand } from './commands/check-command';
import { decideCommand } from './commands/decide-command';
import { helpCommand } from './commands/help-command';
import { requestChangeCommand } from './commands/request-change-command';
import { statusCommand } from './commands/status-command';
import { ConfigError, type Config } from './config/read-config';
import { allowedCommands, OPERATIONS } from './domain/operations/catalog';
import { ApprovalPolicy } from './domain/policy/approval-policy';
import { parsePolicy } from './domain/policy/load-policy';
import { RequestService } from './domain/requests/request-service';
import { AuthenticatedAdapter } from './http/authenticated-adapter';
import { messagesEndpoint } from './http/messages-endpoint';
import { jsonLogger, type Logger, secretScrubbingLogger } from './logging/logger';
import type { Executor } from './ports/executor';
import type { Store } from './ports/store';
import type { ScaleOut } from './scale-out/scale-out';
import { botFrameworkAuthentication } from './security/bot-authentication';
import { ChannelAuthentication } from './security/channel-authentication';
import { type Clock, systemClock } from './security/clock';

export interface App {
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: Store;
  executor: Executor;
  runner: ExecutionStarter;
  messenger: BotMessenger;
}

/** The app for this configuration: with DATABASE_URL, a scale-out replica on PostgreSQL; otherwise embedded. */
export async function openApp(config: Config, options: { logger?: Logger; clock?: Clock } = {}): Promise<App> {
  if (!config.databaseUrl) return createApp(config, options);
  const { openScaleOut } = await import('./scale-out/scale-out');
  return createApp(config, { ...options, scaleOut: await openScaleOut(config) });
}

/** The composition root: every dependency is built here and injected, nothing is global. */
export function createApp(config: Config, options: { logger?: Logger; clock?: Clock; scaleOut?: ScaleOut } = {}): App {
  // Whatever logger is injected, the app password never reaches it.
  const logger = secretScrubbingLogger(options.logger ?? jsonLogger(), [config.microsoftAppPassword]);
  const clock = options.clock ?? systemClock;
  if (!config.pwshPath) {
    throw new ConfigError('PowerShell 7 (pwsh) was not found: run bash scripts/install-pwsh.sh, or set VOICEOPS_PWSH to its path.');
  }
  const scaleOut = options.scaleOut;
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const store: Store = scaleOut?.store ?? new SqliteStore(config.databasePath);
  const policy = new ApprovalPolicy(parsePolicy(readFileSync(config.policyPath, 'utf8'), config.policyPath));
  const executor = new PowerShellSessionPool({
    size: config.poolSize,
    pwshPath: config.pwshPath,
    modulesDir: config.powershellModulesDir,
    tenantStatePath: config.tenantStatePath,
    defaultTimeoutMs: config.operationTimeoutMs,
    allowedCommands: allowedCommands(),
    logger,
  });
  const requests = new RequestService({ store, executor, policy, tenantId: config.tenantId });

  // Every outbound call (replies, proactive sends, card updates) is paced to Teams' limits and backs off on 429.
  const connectorClient = new PacedConnectorClient({ pacer: config.paceOutbound ? new SendPacer(clock) : undefined, clock, logger });
  const authentication = botFrameworkAuthentication(config, connectorClient);
  const adapter = new AuthenticatedAdapter(authentication);
  const allowedChannels = config.mode === 'dev' ? ['msteams', 'playground'] : ['msteams'];
  const limiter = rateLimit({ limits: config.rateLimits, clock, logger });
  adapter.onTurnError = async (context, error) => {
    logger.error('unhandled turn error', { error: error.message, activityType: context.activity.type });
  };

  const messenger = new BotMessenger(adapter, config.microsoftAppId, store);
  const notifier = new RequestNotifier({ store, messenger, requests, policy });
  // Scale-out: approved changes go to the job queue and workers; embedded: they run in this process.
  const runner = scaleOut ? scaleOut.execution(logger) : new ExecutionRunner({ requests, notifier, logger });
  const background = scaleOut?.background({ notifier, messenger, requests, policy, logger });
  const decisions = new DecisionFlow({ requests, notifier, runner });

  const router = new CommandRouter();
  router.command(HELP, helpCommand(() => router.syntaxes()));
  for (const operation of OPERATIONS) {
    router.command(
      operation.syntax,
      operation.change ? requestChangeCommand(operation, { requests, notifier, policy }) : checkCommand(operation, requests),
    );
  }
  router
    .command(STATUS, statusCommand(requests))
    .command(MY_REQUESTS, statusCommand(requests))
    .command(APPROVE, decideCommand('approve', decisions))
    .command(REJECT, decideCommand('reject', decisions))
    .command(CHECK_DNS, checkDnsCommand(new NodeDnsLookup(config.dnsServers)));

  const cardActions = new Map<string, CardActionHandler>([
    ['approve', decideAction('approve', decisions, requests)],
    ['reject', decideAction('reject', decisions, requests)],
  ]);
  const bot = new VoiceOpsBot({ router, cardActions, store, logger });

  const server = restify.createServer({ name: 'voiceops' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  // restify answers oversized bodies (413) and malformed JSON (400) itself; log those refusals too.
  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: { statusCode?: number; name?: string }, callback: () => void) => {
    logger.warn('inbound request refused', { status: error.statusCode, reason: error.name, path: req.path() });
    callback();
  });
  server.post(
    '/api/messages',
    messagesEndpoint({
      adapter,
      // Tenant rules apply to inbound activities only: proactive continuations are ours and carry no channel data.
      authentication: new ChannelAuthentication(authentication, config.mode === 'dev'),
      tenants: { allowedChannels, allowedTenantIds: config.allowedTenantIds },
      logger,
      logic: (context) => limiter.onTurn(context, () => bot.run(context)),
    }),
  );
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', mode: config.mode });
    return next();
  });

  return {
    store,
    executor,
    runner,
    messenger,
    async listen() {
      await executor.warm();
      await new Promise<void>((resolve) => server.listen(config.port, config.host, () => resolve()));
      background?.start();
      const address = server.address() as AddressInfo;
      logger.info('voiceops listening', {
        url: `http://${config.host}:${address.port}/api/messages`,
        mode: config.mode,
        ...(config.mode === 'dev'
          ? { note: 'dev mode: no Bot Framework credentials, inbound authentication is off, simulated tenant' }
          : {}),
      });
      return address;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.drain();
      await background?.stop();
      await executor.close();
      await store.close();
    },
  };
}
