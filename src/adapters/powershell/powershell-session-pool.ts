import { performance } from 'perf_hooks';
import type { Executor, PowerShellErrorKind, PowerShellInvocation, PowerShellOutcome } from '../../ports/executor';
import {
  buildDispatchCommand,
  buildSessionStartCommand,
  COMMAND_NAME_PATTERN,
  parseEnvelope,
  refuseInvocation,
  VOICEOPS_COMMANDS,
} from './dispatch-command';
import { PowerShellSession, type SessionRunResult } from './powershell-session';
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
  /** The simulated tenant's state file, connected once per session. */
  tenantStatePath: string;
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
  /** How long pwsh may take to start and import the modules. Default 60 s. */
  startTimeoutMs?: number;
  /** How long an invocation waits for a free session before it is answered Throttled, unrun. Default 60 s. */
  queueTimeoutMs?: number;
  extensions?: readonly PowerShellPoolExtension[];
  logger?: PowerShellPoolLogger;
}

export interface PowerShellPoolStats {
  size: number;
  live: number;
  idle: number;
  starting: number;
  waiting: number;
  sessionsStarted: number;
  commandsSent: number;
}

type Result = { ok: true; output: unknown } | { ok: false; error: { kind: PowerShellErrorKind; message: string } };

const silentLogger: PowerShellPoolLogger = { info() {}, warn() {}, error() {} };

/** Runs allow-listed voiceops functions in a pool of warm pwsh sessions; the only Executor backed by PowerShell. */
export class PowerShellSessionPool implements Executor {
  private readonly size: number;
  private readonly pwshPath: string;
  private readonly defaultTimeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly queueTimeoutMs: number;
  private readonly allowedCommands: ReadonlySet<string>;
  private readonly startCommand: string;
  private readonly logger: PowerShellPoolLogger;

  private readonly sessions = new Set<PowerShellSession>();
  private readonly idle: PowerShellSession[] = [];
  private readonly waiters: Array<(session: PowerShellSession | undefined) => void> = [];
  private readonly starts = new Set<Promise<void>>();
  private sessionsStarted = 0;
  private commandsSent = 0;
  private closed = false;

  constructor(options: PowerShellSessionPoolOptions) {
    this.size = options.size ?? 2;
    if (!Number.isInteger(this.size) || this.size < 1) throw new Error(`pool size must be a positive integer, got ${this.size}`);
    this.pwshPath = options.pwshPath ?? 'pwsh';
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.queueTimeoutMs = options.queueTimeoutMs ?? 60_000;
    this.logger = options.logger ?? silentLogger;
    const extensions = options.extensions ?? [];
    const extraCommands = extensions.flatMap((extension) => extension.commands);
    this.allowedCommands = new Set([...(options.allowedCommands ?? VOICEOPS_COMMANDS), ...extraCommands]);
    for (const name of this.allowedCommands) {
      if (!COMMAND_NAME_PATTERN.test(name)) throw new Error(`not a dispatchable command name: ${JSON.stringify(name)}`);
    }
    this.startCommand = buildSessionStartCommand({
      modulePaths: [...voiceOpsModulePaths(options.modulesDir ?? findModulesDir()), ...extensions.map((extension) => extension.modulePath)],
      tenantStatePath: options.tenantStatePath,
      extraCommands,
    });
  }

  /** Starts any missing sessions and waits until every start has settled; rejects if one could not start. */
  async warm(): Promise<void> {
    if (this.closed) throw new Error('the PowerShell pool is closed');
    await this.startMissingSessions();
  }

  async invoke(invocation: PowerShellInvocation): Promise<PowerShellOutcome> {
    const startedAt = performance.now();
    const result = await this.run(invocation);
    return { ...result, durationMs: Math.round(performance.now() - startedAt) } as PowerShellOutcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    this.idle.length = 0;
    await Promise.allSettled([...this.starts]);
    await Promise.all([...this.sessions].map((session) => session.dispose()));
    this.sessions.clear();
  }

  /** Counters for health checks and tests. */
  stats(): PowerShellPoolStats {
    return {
      size: this.size,
      live: this.sessions.size,
      idle: this.idle.length,
      starting: this.starts.size,
      waiting: this.waiters.length,
      sessionsStarted: this.sessionsStarted,
      commandsSent: this.commandsSent,
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
    this.commandsSent += 1;
    const result = await session.run(buildDispatchCommand(invocation.command, invocation.arguments), timeoutMs);
    return this.settle(session, result, invocation.command, timeoutMs);
  }

  private async settle(session: PowerShellSession, result: SessionRunResult, command: string, timeoutMs: number): Promise<Result> {
    switch (result.kind) {
      case 'completed':
        this.release(session);
        return parseEnvelope(result.stdout);
      case 'stderr':
        this.logger.warn('pwsh wrote to stderr', { command, pid: session.pid, stderr: result.text.slice(0, 2000) });
        this.release(session);
        return { ok: false, error: { kind: 'Failed', message: `PowerShell reported: ${result.text.trim().slice(0, 2000)}` } };
      case 'timeout':
        this.logger.warn('PowerShell call timed out; killing its session', { command, pid: session.pid, timeoutMs });
        await this.replace(session);
        return { ok: false, error: { kind: 'Timeout', message: `${command} did not finish within ${timeoutMs} ms; its session was killed. Its effect is unknown.` } };
      case 'exited':
        this.logger.error('pwsh exited during a call', { command, pid: session.pid, reason: result.message });
        await this.replace(session);
        return { ok: false, error: { kind: 'Crashed', message: `PowerShell exited while running ${command}. Its effect is unknown.` } };
    }
  }

  private startMissingSessions(): Promise<void> {
    while (!this.closed && this.sessions.size + this.starts.size < this.size) {
      const start: Promise<void> = this.startSession().finally(() => this.starts.delete(start));
      this.starts.add(start);
    }
    return Promise.all([...this.starts]).then(() => undefined);
  }

  private async startSession(): Promise<void> {
    const startedAt = performance.now();
    let session: PowerShellSession;
    try {
      session = await PowerShellSession.start({ pwshPath: this.pwshPath, startCommand: this.startCommand, startTimeoutMs: this.startTimeoutMs });
    } catch (error) {
      this.logger.error('PowerShell session failed to start', { pwshPath: this.pwshPath, error: messageOf(error) });
      throw error;
    }
    this.sessionsStarted += 1;
    this.logger.info('PowerShell session started', { pid: session.pid, ms: Math.round(performance.now() - startedAt) });
    if (this.closed) {
      await session.dispose();
      return;
    }
    this.sessions.add(session);
    this.release(session);
  }

  private acquire(): Promise<PowerShellSession | undefined> {
    for (let session = this.idle.shift(); session; session = this.idle.shift()) {
      if (session.isAlive) return Promise.resolve(session);
      void this.replace(session);
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

  /** Kills a session that hung or died and starts another in its place. */
  private async replace(session: PowerShellSession): Promise<void> {
    this.sessions.delete(session);
    await session.kill();
    if (!this.closed) this.startMissingSessions().catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
