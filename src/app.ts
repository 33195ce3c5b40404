import { msg, type Message } from './i18n/message';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import * as restify from 'restify';
import { SqliteStore } from './adapters/sqlite/sqlite-store';
import { PowerShellSessionPool } from './adapters/powershell/powershell-session-pool';
import { tenantConnectionFor } from './adapters/tenant-connection/tenant-connection-for';
import { BotMessenger } from './bot/bot-messenger';
import { CommandRouter } from './bot/command-router';
import { ExecutionRunner, type ExecutionStarter } from './bot/execution-runner';
import { ResultAnnouncer } from './bot/result-announcer';
import { RequestNotifier } from './bot/request-notifier';
import { PacedConnectorClient } from './bot/paced-connector-client';
import { rateLimit } from './bot/rate-limit';
import { SendPacer } from './bot/send-pacer';
import { VoiceOpsBot } from './bot/voiceops-bot';
import { ApprovalSweeper } from './bot/approval-sweeper';
import { decideAction, refreshAction, type CardActionHandler } from './card-actions/decide-action';
import { InvokeMemo } from './card-actions/invoke-memo';
import { DecisionFlow } from './card-actions/decision-flow';
import { APPROVE, CANCEL, CHECK_DNS, HELP, HISTORY, MY_REQUESTS, PENDING, REJECT, STATUS } from './commands/bot-commands';
import { checkDnsCommand } from './commands/check-dns-command';
import { CHECK_OAUTH, checkOAuthCommand } from './commands/check-oauth-command';
import { runbookChecks } from './commands/runbook-checks';
import {
  RUNBOOK_RUN,
  RUNBOOK_STATUS,
  RUNBOOK_TICK,
  RUNBOOK_VERIFY,
  runbookCardActions,
  runbookRunCommand,
  runbookShowCommand,
  runbookStatusCommand,
  runbookSyntax,
  runbookTickCommand,
  runbookVerifyCommand,
} from './commands/runbook-commands';
import { RunbookService } from './domain/runbooks/runbook-service';
import { RUNBOOKS } from './domain/runbooks/runbooks';
import { OAUTH_CHECK_FUNCTION, oauthCheckReader } from './domain/checks/oauth-credential-check';
import { CHECK_LICENSE, CHECK_USER, checkLicenseCommand, checkUserCommand } from './commands/check-user-command';
import type { LicenseSource } from './domain/checks/license-check';
import { GraphLicenseSource } from './adapters/graph/graph-license-source';
import { SimulatedLicenseSource } from './adapters/simulated-tenant/simulated-license-source';
import { NodeDnsLookup } from './adapters/dns/node-dns-lookup';
import { checkCommand } from './commands/check-command';
import { bulkCommand, bulkUndo, type BulkCommandDeps } from './commands/bulk-command';
import { BulkProgressBoard } from './bot/bulk-progress-board';
import { bulkChange, BULK_CHANGE } from './domain/bulk/bulk-change';
import { HttpFileFetcher } from './adapters/http/http-file-fetcher';
import { BulkOutcomeLinks, linkKeyFrom } from './http/bulk-outcome-links';
import { bulkOutcomesEndpoint } from './http/bulk-outcomes-endpoint';
import { bulkExportEndpoint } from './http/bulk-export-endpoint';
import { INVENTORY_FUNCTION } from './domain/bulk/bulk-export';
import { BULK_EXPORT, bulkExportCommand } from './commands/bulk-export-command';
import { welcomeText } from './commands/welcome';
import type { VoiceRequest } from './domain/requests/request';
import { decideCommand } from './commands/decide-command';
import { helpCommand } from './commands/help-command';
import { requestChangeCommand } from './commands/request-change-command';
import { UNDO, undoCommand } from './commands/undo-command';
import { TENANT_LISTINGS, TenantChoiceSource } from './cards/choice-source';
import { OperationFormFlow } from './commands/operation-form-flow';
import { searchRequests } from './commands/search-requests';
import { historyCommand, pendingCommand, statusCommand } from './commands/status-command';
import { AUDIT, auditCommand } from './commands/audit-command';
import { mayReadAudit } from './audit/audit-readers';
import { hmacKeyForBot } from './audit/audit-keys';
import { sensitiveValueProtector } from './audit/sensitive-values';
import { ConfigError, type Config } from './config/read-config';
import { PROJECT_ROOT } from './config/project-root';
import { allowedCommands, COMPOSITE_OPERATIONS, findOperation, OPERATIONS } from './domain/operations/catalog';
import { ApprovalPolicy } from './domain/policy/approval-policy';
import { StaticGroupDirectory, type GroupDirectory } from './domain/policy/group-directory';
import { FetchGraphClient, GraphGroupDirectory } from './domain/policy/graph-group-directory';
import { parsePolicy } from './domain/policy/load-policy';
import { groupIdsOf, type Policy } from './domain/policy/policy';
import { graphToken } from './adapters/graph/graph-token';
import { RequestService } from './domain/requests/request-service';
import { AuthenticatedAdapter } from './http/authenticated-adapter';
import { messagesEndpoint } from './http/messages-endpoint';
import { PlaygroundChannel } from './playground/playground-channel';
import { withCorrelation, newCorrelationId } from './logging/correlation';
import { loggerFor, type Logger, secretScrubbingLogger } from './logging/logger';
import { VoiceOpsMetrics, type PoolStats } from './observability/metrics';
import { auditHeadReader, instrumentExecutor, instrumentStore } from './observability/instrument';
import { poolCheck, readiness, storeCheck, tenantCheck } from './observability/readiness';
import { createTracing, inSpan } from './observability/tracing';
import type { CommandSyntax } from './domain/parser/command-syntax';
import type { Executor } from './ports/executor';
import type { Store } from './ports/store';
import type { ScaleOut } from './scale-out/scale-out';
import { botFrameworkAuthentication } from './security/bot-authentication';
import { ChannelAuthentication } from './security/channel-authentication';
import { type Clock, systemClock } from './security/clock';
import { ReusedConnectorClients } from './security/reused-connector-clients';

const PACKAGE_VERSION: string = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).version;

export interface App {
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: Store;
  executor: Executor;
  runner: ExecutionStarter;
  /** Expiry and reminders; runs at start and every minute, and tests call sweep() after moving the clock. */
  sweeper: ApprovalSweeper;
  messenger: BotMessenger;
  metrics: VoiceOpsMetrics;
  /** The chat commands the router handles (the Teams manifest's command list must match them). */
  commands(): readonly CommandSyntax[];
}

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** The time of requests, expiry and reminders; defaults to the clock. Tests inject one they can move. */
  now?: () => Date;
  /** Group membership for `group:` principals; defaults to the policy file's static `groups`. */
  groups?: GroupDirectory;
  /** Scale-out on PostgreSQL (see openApp); absent means the embedded SQLite store and in-process executor. */
  scaleOut?: ScaleOut;
  /** Where `check license` and `check user` read licences; defaults to Graph in production, the simulated tenant otherwise. */
  licenses?: LicenseSource;
}

/** Microsoft Graph licenseDetails in production; the simulated tenant's records in dev and test-auth mode. */
function licenseSource(config: Config): LicenseSource {
  if (config.mode !== 'production') return new SimulatedLicenseSource(config.tenantStatePath);
  const token = graphToken({ clientId: config.microsoftAppId, clientSecret: config.microsoftAppPassword, tenantId: config.microsoftAppTenantId });
  return new GraphLicenseSource(new FetchGraphClient(config.graphBaseUrl, token));
}

/** Graph when configured, else the static lists of the policy file. */
function groupDirectory(config: Config, policyFile: Policy): GroupDirectory {
  if (!config.graphGroups) return new StaticGroupDirectory(policyFile.groups);
  const token = graphToken({ clientId: config.microsoftAppId, clientSecret: config.microsoftAppPassword, tenantId: config.microsoftAppTenantId });
  return new GraphGroupDirectory(new FetchGraphClient(config.graphBaseUrl, token), { knownGroupIds: groupIdsOf(policyFile) });
}

/** The app for this configuration: with DATABASE_URL, a scale-out replica on PostgreSQL; otherwise embedded. */
export async function openApp(config: Config, options: Omit<AppOptions, 'scaleOut'> = {}): Promise<App> {
  if (!config.databaseUrl) return createApp(config, options);
  const { openScaleOut } = await import('./scale-out/scale-out');
  return createApp(config, { ...options, scaleOut: await openScaleOut(config) });
}

/** The composition root: every dependency is built here and injected, nothing is global. */
export function createApp(config: Config, options: AppOptions = {}): App {
  // Whatever logger is injected, the app password never reaches it.
  const logger = secretScrubbingLogger(options.logger ?? loggerFor(config), [config.microsoftAppPassword]);
  const clock = options.clock ?? systemClock;
  if (!config.pwshPath) {
    throw new ConfigError('PowerShell 7 (pwsh) was not found: run bash scripts/install-pwsh.sh, or set VOICEOPS_PWSH to its path.');
  }
  const scaleOut = options.scaleOut;
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const now = options.now ?? (() => new Date(clock.now()));
  // Sensitive values reach the audit trail only as HMACs, under a key kept outside the database.
  const auditHmacKey = hmacKeyForBot(config);
  const embeddedStore = scaleOut ? undefined : new SqliteStore(config.databasePath, now, { protectAudit: sensitiveValueProtector(auditHmacKey) });
  const rawStore: Store = scaleOut?.store ?? embeddedStore!;
  const policyFile = parsePolicy(readFileSync(config.policyPath, 'utf8'), config.policyPath);
  const policy = new ApprovalPolicy(policyFile, options.groups ?? groupDirectory(config, policyFile));
  const pool = new PowerShellSessionPool({
    size: config.poolSize,
    pwshPath: config.pwshPath,
    modulesDir: config.powershellModulesDir,
    connection: tenantConnectionFor(config.tenantConnection, config),
    defaultTimeoutMs: config.operationTimeoutMs,
    ...config.executorLimits,
    // Read-only checks outside the catalog run their fixed functions on the bot's own pool.
    allowedCommands: [...allowedCommands(), OAUTH_CHECK_FUNCTION, INVENTORY_FUNCTION],
    logger,
  });
  // Observability wraps the real store and executor; everything below sees the instrumented ones.
  const poolStats = (): PoolStats | undefined => ('stats' in pool && typeof pool.stats === 'function' ? pool.stats() : undefined);
  const metrics = new VoiceOpsMetrics({ poolStats, auditHead: auditHeadReader(rawStore) });
  const tracing = createTracing({ endpoint: config.otlpEndpoint, serviceName: config.serviceName, version: PACKAGE_VERSION });
  const store = instrumentStore(rawStore, { metrics, tracer: tracing.tracer });
  const executor = instrumentExecutor(pool, { metrics, tracer: tracing.tracer });
  // Bulk progress reaches the cards through the notifier, which is built after the service it reads from.
  let bulkProgress: BulkProgressBoard | undefined;
  const requests = new RequestService({
    store,
    executor,
    policy,
    tenantId: config.tenantId,
    now,
    voicePath: config.voicePath,
    bulk: { concurrency: config.poolSize, onProgress: (request, progress) => bulkProgress?.update(request, progress) },
  });
  let listeningUrl = '';
  // Signed with a key every replica derives from the shared audit HMAC key: a link works on any replica.
  const outcomeLinks = new BulkOutcomeLinks({ baseUrl: () => config.bulk.publicUrl || listeningUrl, ttlMs: config.bulk.linkTtlMs, now: () => clock.now(), key: linkKeyFrom(auditHmacKey) });
  const bulkFollowUp = (request: VoiceRequest): Message | undefined =>
    request.operation === BULK_CHANGE && request.result?.bulkRows ? BULK_LINK_TEXT(outcomeLinks.linkFor(request.id), config.bulk.linkTtlMs) : undefined;

  // Every outbound call (replies, proactive sends, card updates) is paced to Teams' limits and backs off on 429.
  const connectorClient = new PacedConnectorClient({ pacer: config.paceOutbound ? new SendPacer(clock) : undefined, clock, logger });
  const authentication = new ReusedConnectorClients(botFrameworkAuthentication(config, connectorClient));
  const adapter = new AuthenticatedAdapter(authentication);
  const allowedChannels = config.mode === 'dev' ? ['msteams', 'playground'] : ['msteams'];
  const limiter = rateLimit({ limits: config.rateLimits, clock, logger, locales: config.locales });
  adapter.onTurnError = async (context, error) => {
    logger.error('unhandled turn error', { error: error.message, activityType: context.activity.type });
  };

  const dnsLookup = new NodeDnsLookup(config.dnsServers);
  const licenses = options.licenses ?? licenseSource(config);
  const oauthCheck = oauthCheckReader({ executor, voicePath: config.voicePath, now });
  const runbooks = new RunbookService({
    store,
    requests,
    executor,
    policy,
    checks: runbookChecks({ dns: dnsLookup, licenses, oauth: oauthCheck }),
    tenantId: config.tenantId,
    voicePath: config.voicePath,
    now,
  });

  const messenger = new BotMessenger(adapter, config.microsoftAppId, store);
  const notifier = new RequestNotifier({
    store,
    messenger,
    requests,
    policy,
    locales: config.locales,
    followUp: bulkFollowUp,
    onFinished: (request) => runbooks.requestFinished(request),
  });
  bulkProgress = new BulkProgressBoard({
    intervalMs: config.bulk.progressIntervalMs,
    now: () => clock.now(),
    publish: (request, text) => notifier.refreshCards(request, text),
    logger,
  });
  // Finished requests are announced from the store's outbox, in both modes: at once by the process that finished
  // them when it can, else by any replica (scale-out workers cannot reach Teams), retried when Teams refuses a send.
  const announcer = new ResultAnnouncer({
    outbox: store,
    store,
    notifier,
    logger,
    // A bulk run's last progress update may still be on its way; the final card must come after it.
    beforeCards: (requestId) => bulkProgress!.settle(requestId),
  });
  // Scale-out: approved changes go to the job queue and workers; embedded: they run in this process.
  const embeddedRunner = scaleOut ? undefined : new ExecutionRunner({ requests, notifier, announcements: announcer, logger });
  const runner = embeddedRunner ?? scaleOut!.execution(logger);
  const decisions = new DecisionFlow({ requests, notifier, runner, announcements: announcer });
  const sweeper = new ApprovalSweeper({ requests, notifier, announcements: announcer, logger });
  // Scale-out: the sweep runs on one replica (the timers leader), not once per replica.
  const background = scaleOut?.background({
    logger,
    timers: [{ name: 'approval expiry, reminders and unseen approval cards', run: () => sweeper.sweep(), everyMs: 60_000 }],
  });

  const bulkDeps: BulkCommandDeps = {
    requests,
    notifier,
    policy,
    executor,
    messenger,
    runner,
    files: new HttpFileFetcher({ maxBytes: config.bulk.maxFileBytes, timeoutMs: 30_000, allowLoopbackHttp: config.mode !== 'production' }),
    limits: { maxRows: config.bulk.maxRows, maxChars: config.bulk.maxFileBytes },
    concurrency: config.poolSize,
    voicePath: config.voicePath,
  };
  const router = new CommandRouter();
  router.command(
    HELP,
    helpCommand({ syntaxes: () => router.syntaxes(), operations: OPERATIONS, composites: COMPOSITE_OPERATIONS, policy, voicePath: config.voicePath }),
  );
  for (const operation of OPERATIONS) {
    router.command(
      operation.syntax,
      operation.change ? requestChangeCommand(operation, { requests, notifier, policy }) : checkCommand(operation, requests),
    );
  }
  router
    .command(STATUS, statusCommand(requests, notifier, (request) => bulkProgress?.progressText(request.id) ?? bulkFollowUp(request)))
    .command(MY_REQUESTS, statusCommand(requests, notifier))
    .command(PENDING, pendingCommand(requests))
    .command(HISTORY, historyCommand(requests))
    .command(APPROVE, decideCommand('approve', decisions))
    .command(REJECT, decideCommand('reject', decisions))
    .command(UNDO, undoCommand({ requests, notifier, policy }, bulkUndo(bulkDeps)))
    .command(CANCEL, decideCommand('cancel', decisions))
    .command(AUDIT, auditCommand({ store, mayRead: (actor) => mayReadAudit(policyFile, actor), tenantId: config.tenantId }))
    .command(CHECK_DNS, checkDnsCommand(dnsLookup));
  router.command(CHECK_OAUTH, checkOAuthCommand(oauthCheck));
  router.command(bulkChange.syntax, bulkCommand(bulkDeps));
  router.command(BULK_EXPORT, bulkExportCommand({ policy, links: outcomeLinks, store, tenantId: config.tenantId }));
  router.command(CHECK_LICENSE, checkLicenseCommand(licenses));
  router.command(
    CHECK_USER,
    checkUserCommand({
      requests,
      licenses,
      facets: { voice: findOperation('check-voice')!, site: findOperation('show-site'), international: findOperation('block-international') },
    }),
  );

  for (const definition of RUNBOOKS) router.command(runbookSyntax(definition), runbookShowCommand(definition, runbooks));
  router
    .command(RUNBOOK_RUN, runbookRunCommand(runbooks, { requests, notifier, policy }))
    .command(RUNBOOK_TICK, runbookTickCommand(runbooks))
    .command(RUNBOOK_VERIFY, runbookVerifyCommand(runbooks))
    .command(RUNBOOK_STATUS, runbookStatusCommand(runbooks));

  const forms = new OperationFormFlow({ requests, notifier, runner, choices: new TenantChoiceSource(executor, TENANT_LISTINGS) });
  router.onParseError((turn, text, error) => forms.offerForm(turn, text, error));

  // Decisions are memoised per person and data, so Teams' retries and double clicks get one answer.
  const memo = new InvokeMemo();
  const cardActions = new Map<string, CardActionHandler>([
    ['approve', memo.wrap('approve', decideAction('approve', decisions, notifier, requests))],
    ['reject', memo.wrap('reject', decideAction('reject', decisions, notifier, requests))],
    ['cancel', memo.wrap('cancel', decideAction('cancel', decisions, notifier, requests))],
    ['refresh', refreshAction(requests, notifier)],
    ['submit-form', memo.wrap('submit-form', (actor, data, context) => forms.submit(context.t, actor, data, context.conversationId))],
    // Runbook buttons that change something are memoised like decisions, so a retried invoke files one request.
    ...Object.entries(runbookCardActions(runbooks, { requests, notifier, policy, runner, messenger })).map(
      ([verb, handler]): [string, CardActionHandler] => [verb, verb === 'runbook-verify' ? handler : memo.wrap(verb, handler)],
    ),
  ]);
  const bot = new VoiceOpsBot({
    router,
    cardActions,
    store,
    logger,
    search: searchRequests(requests, policy, OPERATIONS),
    locales: config.locales,
    welcome: (t, addedTo) => welcomeText(t, addedTo, policyFile.approvalConversationId),
  });

  const server = restify.createServer({ name: 'voiceops' });
  // A correlation id per HTTP request (a caller's safe x-correlation-id is kept), echoed in the response.
  server.use((req, res, next) => {
    const inbound = req.header('x-correlation-id');
    const correlationId = inbound && /^[A-Za-z0-9._:-]{1,64}$/.test(inbound) ? inbound : newCorrelationId();
    res.header('x-correlation-id', correlationId);
    withCorrelation({ correlationId }, () => next());
  });
  server.on('after', (req: restify.Request, res: restify.Response) => {
    metrics.httpRequests.inc({ route: String(req.getRoute?.()?.path ?? 'unmatched'), status: String(res.statusCode) });
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  // restify answers oversized bodies (413) and malformed JSON (400) itself; log those refusals too.
  server.on('restifyError', (req: restify.Request, _res: restify.Response, error: { statusCode?: number; name?: string }, callback: () => void) => {
    logger.warn('inbound request refused', { status: error.statusCode, reason: error.name, path: req.path() });
    callback();
  });
  const messages = messagesEndpoint({
    adapter,
    // Tenant rules apply to inbound activities only: proactive continuations are ours and carry no channel data.
    authentication: new ChannelAuthentication(authentication, config.mode === 'dev'),
    tenants: { allowedChannels, allowedTenantIds: config.allowedTenantIds },
    logger,
    // Each turn is one trace: its PowerShell calls, request state changes and the read-back are children.
    logic: (context) =>
      inSpan(
        tracing.tracer,
        `teams ${context.activity.type}`,
        { 'voiceops.activity.type': context.activity.type ?? '', 'voiceops.channel': context.activity.channelId ?? '' },
        () => limiter.onTurn(context, () => bot.run(context)),
      ),
  });
  server.post('/api/messages', async (req, res) =>
    // Body parsing leaves the request's async context, so the handler names its ids again; refusals and the turn
    // both log with the HTTP request's correlation id and the activity's id.
    withCorrelation(
      {
        correlationId: String(res.getHeader('x-correlation-id')),
        activityId: typeof req.body?.id === 'string' ? req.body.id : undefined,
        conversationId: typeof req.body?.conversation?.id === 'string' ? req.body.conversation.id : undefined,
      },
      () => messages(req, res),
    ),
  );
  server.get('/bulk/outcomes/:token', bulkOutcomesEndpoint({ store, links: outcomeLinks }));
  server.get('/bulk/export/:token', bulkExportEndpoint({ executor, links: outcomeLinks, voicePath: config.voicePath, now: () => clock.now() }));
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', mode: config.mode });
    return next();
  });
  // The browser playground and its local channel exist in dev mode only; production mode has no such routes.
  const playground = config.mode === 'dev' ? new PlaygroundChannel({ tenantId: config.tenantId, logger }) : undefined;
  playground?.mount(server);
  const readinessChecks = [storeCheck(store), poolCheck(poolStats), tenantCheck(executor, { command: 'Get-VoiceOpsVoiceState' })];
  server.get('/readyz', async (_req, res) => {
    const result = await readiness(readinessChecks);
    res.send(result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not ready', checks: result.checks });
  });
  server.get('/metrics', async (_req, res) => {
    const { contentType, body } = await metrics.render();
    res.setHeader('content-type', contentType);
    res.sendRaw(200, body);
  });

  return {
    store,
    executor,
    runner,
    sweeper,
    messenger,
    metrics,
    commands: () => router.syntaxes(),
    async listen() {
      await executor.warm();
      // Requests that expired while the bot was down close now; those still in time stay actionable.
      if (!background) {
        await sweeper.sweep();
        sweeper.start(60_000);
      }
      // Embedded: this process is the only one that runs changes, so what it left unfinished when it stopped is its own,
      // announcements it had claimed included.
      await embeddedStore?.releaseAnnouncementClaims();
      await embeddedRunner?.resumeUnfinished();
      await new Promise<void>((resolve) => server.listen(config.port, config.host, () => resolve()));
      background?.start();
      announcer.start();
      const address = server.address() as AddressInfo;
      listeningUrl = `http://${loopbackHost(config.host)}:${address.port}`;
      playground?.connect(`http://${loopbackHost(config.host)}:${address.port}`);
      logger.info('voiceops listening', {
        url: `http://${config.host}:${address.port}/api/messages`,
        mode: config.mode,
        ...(config.mode === 'dev'
          ? {
              note: 'dev mode: no Bot Framework credentials, inbound authentication is off, simulated tenant',
              playground: `http://${loopbackHost(config.host)}:${address.port}/`,
            }
          : {}),
      });
      return address;
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sweeper.stop();
      await runner.drain();
      await announcer.stop();
      await background?.stop();
      await executor.close();
      await store.close();
      await tracing.shutdown();
    },
  };
}

// The outcomes CSV itself is English (docs/bulk.md); the line pointing to it is in the reader's language.
const BULK_LINK_TEXT = (url: string, ttlMs: number) => msg('bulk.outcomesLink', { hours: Math.round(ttlMs / 3_600_000), url });

/** The address this process reaches its own server at: a wildcard bind is reached on loopback. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
