import { performance } from 'perf_hooks';
import type { Executor, PowerShellErrorKind, PowerShellInvocation, PowerShellOutcome } from '../../ports/executor';
import { SimulatedTenantConnection } from '../tenant-connection/simulated-tenant-connection';
import type { TenantConnection } from '../tenant-connection/tenant-connection';
import {
  buildDispatchLine,
  buildSessionStartCommand,
  COMMAND_NAME_PATTERN,
  parseEnvelope,
  refuseInvocation,
  VOICEOPS_COMMANDS,
} from './dispatch-command';
import { redactDataLiterals } from './powershell-literal';
import { PowerShellSession, type SessionRunResult } from './powershell-session';
import { DEFAULT_THROTTLE_RETRY, invokeWithThrottleRetry, type ThrottleRetryPolicy } from './throttle-retry';
import { findModulesDir, voiceOpsModulePaths } from './voiceops-modules';

export interface PowerShellPoolLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** An extra module and the commands it adds to the allow-list. For tests only; production passes none. */
export interface PowerShellPoolExtension {
  modulePath: string;
  commands: readonly string[];
}

export interface PowerShellSessionPoolOptions {
  /** How each session reaches the tenant. Default: the simulated tenant on `tenantStatePath`. */
  connection?: TenantConnection;
  /** The simulated tenant's state file; needed only when no `connection` is given. */
  tenantStatePath?: string;
  /** Path of the pwsh executable (see resolvePwshPath). Default `pwsh`. */
  pwshPath?: string;
  /** Folder holding SimulatedTenant, VoiceOps.Operations and VoiceOps.Dispatch. Default: the repository's `powershell/`. */
  modulesDir?: string;
  /** Functions the bot may run (the operations catalog's list). Default VOICEOPS_COMMANDS. */
  allowedCommands?: readonly string[];
  /** Number of warm sessions. Default 2. */
  size?: number;
  /** Kill the session and answer Timeout after this long, unless the invocation says otherwise. Default 60 s. */
  defaultTimeoutMs?: number;
  /** How long pwsh may take to start, import the modules and connect. Default 60 s. */
  startTimeoutMs?: number;
  /** How long an invocation waits for a free session before it is answered Throttled, unrun. Default 60 s. */
  queueTimeoutMs?: number;
  /** Retire a session after this many operations. Default 10,000. */
  maxJobsPerSession?: number;
  /** Retire a session once its pwsh's resident memory passes this. Default 1 GiB. */
  maxSessionRssBytes?: number;
  /**
   * Kill a session whose one operation prints more than this on stdout and stderr. Default 2 MiB: node-powershell
   * re-concatenates its buffer on every 64 KB chunk, so the garbage made grows with the square of this cap.
   */
  maxOutputBytes?: number;
  /** Backoff for throttled read-only calls. */
  throttleRetry?: Partial<ThrottleRetryPolicy>;
  extensions?: readonly PowerShellPoolExtension[];
  logger?: PowerShellPoolLogger;
}

export interface PowerShellSessionStats {
  pid: number | undefined;
  jobs: number;
  rssBytes: number | undefined;
  ageMs: number;
}

export interface PowerShellPoolStats {
  size: number;
  live: number;
  idle: number;
  starting: number;
  waiting: number;
  sessionsStarted: number;
  commandsSent: number;
  /** Sessions retired on purpose (job count, memory or credential expiry) and started anew. */
  sessionsRecycled: number;
  /** Sessions that died, hung or flooded and were killed and replaced. */
  sessionsReplaced: number;
  timeouts: number;
  crashes: number;
  overflows: number;
  throttleRetries: number;
  sessions: PowerShellSessionStats[];
}

type Result = { ok: true; output: unknown } | { ok: false; error: { kind: PowerShellErrorKind; message: string } };

const silentLogger: PowerShellPoolLogger = { info() {}, warn() {}, error() {} };
/** Sessions are retired this long before their tenant credentials expire. */
const CREDENTIAL_MARGIN_MS = 5 * 60_000;
/** After a replacement failed to start, the session it was for keeps serving this long before another try. */
const RECYCLE_RETRY_MS = 30_000;

/** Runs allow-listed voiceops functions in a pool of warm pwsh sessions; the only Executor backed by PowerShell. */
export class PowerShellSessionPool implements Executor {
  private readonly size: number;
  private readonly pwshPath: string;
  private readonly defaultTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly queueTimeoutMs: number;
  private readonly maxJobsPerSession: number;
  private readonly maxSessionRssBytes: number;
  private readonly maxOutputBytes: number;
  private readonly throttleRetry: ThrottleRetryPolicy;
  private readonly allowedCommands: ReadonlySet<string>;
  private readonly connection: TenantConnection;
  private readonly modules: readonly string[];
  private readonly extraCommands: readonly string[];
  private readonly logger: PowerShellPoolLogger;

  private readonly sessions = new Set<PowerShellSession>();
  private readonly expiries = new Map<PowerShellSession, number>();
  private readonly idle: PowerShellSession[] = [];
  private readonly waiters: Array<(session: PowerShellSession | undefined) => void> = [];
  private readonly starts = new Set<Promise<void>>();
  private readonly endings = new Set<Promise<void>>();
  // Recycling starts the replacement first and retires the old session once it is live, one session at a time.
  private recycling = false;
  private recycleRetryAt = 0;
  private readonly retiring = new Map<PowerShellSession, string>();
  private readonly counters = {
    sessionsStarted: 0,
    commandsSent: 0,
    sessionsRecycled: 0,
    sessionsReplaced: 0,
    timeouts: 0,
    crashes: 0,
    overflows: 0,
    throttleRetries: 0,
  };
  private closed = false;

  constructor(options: PowerShellSessionPoolOptions) {
    this.size = options.size ?? 2;
    if (!Number.isInteger(this.size) || this.size < 1) throw new Error(`pool size must be a positive integer, got ${this.size}`);
    this.pwshPath = options.pwshPath ?? 'pwsh';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.queueTimeoutMs = options.queueTimeoutMs ?? 60_000;
    this.maxJobsPerSession = options.maxJobsPerSession ?? 10_000;
    this.maxSessionRssBytes = options.maxSessionRssBytes ?? 1024 ** 3;
    this.maxOutputBytes = options.maxOutputBytes ?? 2 * 1024 ** 2;
    this.throttleRetry = { ...DEFAULT_THROTTLE_RETRY, ...options.throttleRetry };
    this.logger = options.logger ?? silentLogger;
    const modulesDir = options.modulesDir ?? findModulesDir();
    if (options.connection) this.connection = options.connection;
    else if (options.tenantStatePath) this.connection = new SimulatedTenantConnection(modulesDir, options.tenantStatePath);
    else throw new Error('the PowerShell pool needs a tenant connection or a simulated tenant state path');
    const extensions = options.extensions ?? [];
    this.extraCommands = extensions.flatMap((extension) => extension.commands);
    this.allowedCommands = new Set([...(options.allowedCommands ?? VOICEOPS_COMMANDS), ...this.extraCommands]);
    for (const name of this.allowedCommands) {
      if (!COMMAND_NAME_PATTERN.test(name)) throw new Error(`not a dispatchable command name: ${JSON.stringify(name)}`);
    }
    this.modules = [...voiceOpsModulePaths(modulesDir), ...extensions.map((extension) => extension.modulePath)];
  }

  /** Starts any missing sessions and waits until every start has settled; rejects if one could not start. */
  async warm(): Promise<void> {
    if (this.closed) throw new Error('the PowerShell pool is closed');
    await this.startMissingSessions();
  }

  async invoke(invocation: PowerShellInvocation): Promise<PowerShellOutcome> {
    const startedAt = performance.now();
    const { outcome, attempts } = await invokeWithThrottleRetry(
      async (attempt) => ({ ...(await this.run(attempt)), durationMs: 0 }) as PowerShellOutcome,
      invocation,
      this.throttleRetry,
    );
    this.counters.throttleRetries += attempts - 1;
    return { ...outcome, durationMs: Math.round(performance.now() - startedAt) };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    this.idle.length = 0;
    await Promise.allSettled([...this.starts]);
    await Promise.allSettled([...this.endings]);
    await Promise.all([...this.sessions].map((session) => session.dispose()));
    this.sessions.clear();
  }

  /** Counters and per-session figures for health checks and tests. */
  stats(): PowerShellPoolStats {
    return {
      size: this.size,
      live: this.sessions.size,
      idle: this.idle.length,
      starting: this.starts.size,
      waiting: this.waiters.length,
      ...this.counters,
      sessions: [...this.sessions].map((session) => ({
        pid: session.pid,
        jobs: session.jobsRun,
        rssBytes: session.residentBytes(),
        ageMs: Date.now() - session.startedAt,
      })),
    };
  }

  private async run(invocation: PowerShellInvocation): Promise<Result> {
    const refusal = refuseInvocation(invocation, this.allowedCommands);
    if (refusal) return { ok: false, error: refusal };
    if (this.closed) return { ok: false, error: { kind: 'Failed', message: 'The PowerShell pool is closed; nothing was run.' } };

    const starting = this.startMissingSessions();
    if (this.sessions.size === 0) {
      try {
        await starting;
      } catch (error) {
        if (this.sessions.size === 0) return { ok: false, error: { kind: 'Failed', message: `PowerShell could not start; nothing was run. ${messageOf(error)}` } };
      }
    } else {
      starting.catch(() => undefined);
    }

    const session = await this.acquire();
    if (!session) {
      return { ok: false, error: { kind: 'Throttled', message: `No PowerShell session became free within ${this.queueTimeoutMs} ms; nothing was run.` } };
    }
    const timeoutMs = invocation.timeoutMs ?? this.defaultTimeoutMs;
    this.counters.commandsSent += 1;
    const result = await session.call(buildDispatchLine(invocation.command, invocation.arguments), timeoutMs);
    return this.settle(session, result, invocation.command, timeoutMs);
  }

  private async settle(session: PowerShellSession, result: SessionRunResult, command: string, timeoutMs: number): Promise<Result> {
    switch (result.kind) {
      case 'completed':
        this.afterJob(session);
        return parseEnvelope(result.stdout);
      case 'stderr': {
        const text = redactDataLiterals(result.text.trim()).slice(0, 2000);
        this.logger.warn('pwsh wrote to stderr', { command, pid: session.pid, stderr: text });
        this.afterJob(session);
        return { ok: false, error: { kind: 'Failed', message: `PowerShell reported: ${text}` } };
      }
      case 'timeout':
        this.counters.timeouts += 1;
        this.logger.warn('PowerShell call timed out; killing its process tree', { command, pid: session.pid, timeoutMs });
        await this.replace(session);
        return { ok: false, error: { kind: 'Timeout', message: `${command} did not finish within ${timeoutMs / 1000} s, so its PowerShell session was killed. Whether it changed anything is unknown until the state is read back.` } };
      case 'overflow':
        this.counters.overflows += 1;
        this.logger.warn('PowerShell call printed more than the output cap; killing its process tree', { command, pid: session.pid, bytes: result.bytes });
        await this.replace(session);
        return { ok: false, error: { kind: 'Crashed', message: `${command} printed more than ${formatBytes(this.maxOutputBytes)}, so its PowerShell session was stopped. Whether it changed anything is unknown until the state is read back.` } };
      case 'exited':
        this.counters.crashes += 1;
        this.logger.error('pwsh exited during a call', { command, pid: session.pid, reason: redactDataLiterals(result.message).slice(0, 500) });
        await this.replace(session);
        return { ok: false, error: { kind: 'Crashed', message: `PowerShell exited while running ${command}. Whether it changed anything is unknown until the state is read back.` } };
    }
  }

  /**
   * Returns a session to the pool; one that has done its jobs, grown too big or whose credentials age gets a
   * replacement started, and one whose replacement is already live is retired now.
   */
  private afterJob(session: PowerShellSession): void {
    const retiring = this.retiring.get(session);
    if (retiring !== undefined) {
      this.retiring.delete(session);
      void this.retire(session, retiring);
      return;
    }
    const reason = this.retirementReason(session, { jobJustEnded: true });
    if (reason) this.recycle(session, reason);
    this.release(session);
  }

  /**
   * Starts a replacement and keeps the old session serving until it is live: retiring first would leave the pool a
   * session short for a whole pwsh start (~1.5 s, ~2 s of CPU), and sessions balanced alike reach their job quota
   * together, so under load every session went at once and calls stalled for seconds. One recycle runs at a time; a
   * session past its limit meanwhile is looked at again after its next job. A replacement that fails to start
   * leaves the old session serving, and none is tried again for RECYCLE_RETRY_MS.
   */
  private recycle(session: PowerShellSession, reason: string): void {
    if (this.recycling || this.closed || Date.now() < this.recycleRetryAt) return;
    this.recycling = true;
    this.launch().then(
      () => {
        this.recycling = false;
        if (!this.sessions.has(session)) return;
        const idleAt = this.idle.indexOf(session);
        if (idleAt < 0) {
          this.retiring.set(session, reason);
          return;
        }
        this.idle.splice(idleAt, 1);
        void this.retire(session, reason);
      },
      () => {
        this.recycling = false;
        this.recycleRetryAt = Date.now() + RECYCLE_RETRY_MS;
      },
    );
  }

  private retirementReason(session: PowerShellSession, { jobJustEnded }: { jobJustEnded: boolean }): string | undefined {
    if (session.jobsRun >= this.maxJobsPerSession) return `ran ${session.jobsRun} jobs`;
    // Memory grows while a job runs, so it is read (from /proc) once, as the job ends, not again when the idle
    // session is taken. A session that has run nothing is as small as a session gets.
    const rss = jobJustEnded && session.jobsRun > 0 ? session.residentBytes() : undefined;
    if (rss !== undefined && rss > this.maxSessionRssBytes) return `holds ${formatBytes(rss)} of memory`;
    const expiresAt = this.expiries.get(session);
    if (expiresAt !== undefined && Date.now() > expiresAt - CREDENTIAL_MARGIN_MS) return 'its tenant credentials are about to expire';
    return undefined;
  }

  private startMissingSessions(): Promise<void> {
    while (!this.closed && this.sessions.size + this.starts.size < this.size) this.launch().catch(() => undefined);
    return Promise.all([...this.starts]).then(() => undefined);
  }

  /** Starts one session, counted among the starts so that nothing else starts one for the same place. */
  private launch(): Promise<void> {
    const start: Promise<void> = this.startSession().finally(() => this.starts.delete(start));
    this.starts.add(start);
    return start;
  }

  private async startSession(): Promise<void> {
    const startedAt = performance.now();
    let session: PowerShellSession;
    let expiresAt: number | undefined;
    try {
      const plan = await this.connection.connectPlan();
      expiresAt = plan.expiresAt;
      const startCommand = buildSessionStartCommand({ modules: [...plan.modules, ...this.modules], connectStatements: plan.statements, extraCommands: this.extraCommands });
      session = await PowerShellSession.start({ pwshPath: this.pwshPath, startCommand, startTimeoutMs: this.startTimeoutMs, maxOutputBytes: this.maxOutputBytes });
    } catch (error) {
      const message = redactDataLiterals(messageOf(error)).slice(0, 2000);
      this.logger.error('PowerShell session failed to start', { pwshPath: this.pwshPath, tenant: this.connection.description, error: message });
      throw new Error(message);
    }
    this.counters.sessionsStarted += 1;
    this.logger.info('PowerShell session started', { pid: session.pid, tenant: this.connection.description, ms: Math.round(performance.now() - startedAt) });
    if (this.closed) {
      await session.dispose();
      return;
    }
    this.sessions.add(session);
    if (expiresAt !== undefined) this.expiries.set(session, expiresAt);
    this.release(session);
  }

  private acquire(): Promise<PowerShellSession | undefined> {
    for (let session = this.idle.shift(); session; session = this.idle.shift()) {
      if (!session.isAlive) {
        void this.replace(session);
        continue;
      }
      // Its credentials are still good for CREDENTIAL_MARGIN_MS: it serves while its replacement starts.
      const reason = this.retirementReason(session, { jobJustEnded: false });
      if (reason) this.recycle(session, reason);
      return Promise.resolve(session);
    }
    return new Promise((resolve) => {
      const waiter = (session: PowerShellSession | undefined): void => {
        clearTimeout(timer);
        resolve(session);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(undefined);
      }, this.queueTimeoutMs);
      this.waiters.push(waiter);
    });
  }

  private release(session: PowerShellSession): void {
    if (this.closed || !session.isAlive) {
      void this.replace(session);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(session);
    else this.idle.push(session);
  }

  /** Ends a healthy session gently and starts a fresh one in its place. */
  private retire(session: PowerShellSession, reason: string): Promise<void> {
    this.counters.sessionsRecycled += 1;
    this.logger.info('PowerShell session recycled', { pid: session.pid, reason });
    return this.end(session, () => session.dispose());
  }

  /** Kills a session that hung, flooded or died (its whole process tree) and starts another in its place. */
  private replace(session: PowerShellSession): Promise<void> {
    if (this.sessions.has(session) && !this.closed) this.counters.sessionsReplaced += 1;
    return this.end(session, () => session.kill());
  }

  private end(session: PowerShellSession, stop: () => Promise<void>): Promise<void> {
    this.sessions.delete(session);
    this.expiries.delete(session);
    this.retiring.delete(session);
    const ending: Promise<void> = stop()
      .catch(() => undefined)
      .finally(() => this.endings.delete(ending));
    this.endings.add(ending);
    // The replacement starts at once; waiting for the old process to go would only delay queued calls.
    if (!this.closed) this.startMissingSessions().catch(() => undefined);
    return ending;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MB` : `${Math.round(bytes / 1024)} KB`;
}
