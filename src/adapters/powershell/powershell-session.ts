import type { ChildProcess } from 'child_process';
import type { Readable } from 'stream';
import { PowerShell } from 'node-powershell';
import { isProcessLive, killProcessTree, residentBytesOf } from './process-tree';
import { pwshEnvironment } from './pwsh-environment';

/** What one command in a session came to. */
export type SessionRunResult =
  | { kind: 'completed'; stdout: string }
  | { kind: 'stderr'; text: string }
  | { kind: 'timeout' }
  | { kind: 'overflow'; bytes: number }
  | { kind: 'exited'; message: string };

export interface SessionStartOptions {
  pwshPath: string;
  startCommand: string;
  startTimeoutMs: number;
  /** Bytes one command may print on stdout and stderr together before the session is killed. */
  maxOutputBytes: number;
}

const EXIT_GRACE_MS = 1_000;
const KILL_WAIT_MS = 5_000;
const LAUNCHER_EXIT_MS = 1_000;

/**
 * How a call's text reaches pwsh. node-powershell writes five lines per call: a delimiter for stderr and one for
 * stdout (from writeToError/writeToOutput), the call, then the two delimiters again; pwsh's `-Command -` loop runs
 * each line as a statement of its own.
 * - script: those five statements, as node-powershell frames them (the session's start command).
 * - data: one statement, Invoke-VoiceOpsFramedCall, which reads the other four lines from stdin as data and prints
 *   the delimiters itself. Each statement costs pwsh a fixed ~0.15–0.5 ms of CPU, most of a warm read's cost.
 */
type Framing = 'script' | 'data';

/** What the first line of a data-framed call runs; VoiceOps.Dispatch exports it. */
const FRAMED_CALL = 'Invoke-VoiceOpsFramedCall';

/**
 * node-powershell 5 lets env NODE_POWERSHELL override any executable it is given; we pin the injected path so
 * the environment cannot swap the binary that runs admin commands.
 */
class PinnedPowerShell extends PowerShell {
  private readonly openCalls = new Set<CallExit>();
  // child-shell runs calls one at a time in the order given, asking for each call's four delimiter lines as it starts.
  private readonly queuedFramings: Framing[] = [];
  private framing: { delimiter: string; framing: Framing; linesAsked: number } | undefined;

  constructor(options: ConstructorParameters<typeof PowerShell>[0]) {
    super(options);
    // The one reaction the shell's exit promise gets: it settles the exit promise of every call in flight alike.
    exitPromiseOf(this).then(
      () => this.openCalls.forEach((call) => call.resolve()),
      (error: unknown) => this.openCalls.forEach((call) => call.reject(error)),
    );
  }

  protected override setExecutable({ executable }: { executable?: string }): string {
    if (!executable) throw new Error('a pwsh path is required');
    return executable;
  }

  override writeToError(delimiter: string): string {
    return this.delimiterLine(delimiter, () => super.writeToError(delimiter));
  }

  override writeToOutput(delimiter: string): string {
    return this.delimiterLine(delimiter, () => super.writeToOutput(delimiter));
  }

  /**
   * child-shell races every call against the shell's exit promise, which settles only when pwsh exits, so each call
   * left a reaction on it for the life of the session (~0.7 KB a call, measured: 7 MB a session over 10,000 jobs).
   * Each call is raced against an exit promise of its own instead, settled with the shell's exit or when the call
   * ends. child-shell reads the promise as it starts the call, which it does at once when the shell is idle (a
   * session runs one call at a time); a call that had to queue would race the shell's own promise, as before.
   */
  override invoke(command: string, framing: Framing = 'script'): ReturnType<PowerShell['invoke']> {
    const internals = this as unknown as { exitPromise: Promise<void>; isExited: boolean };
    const shellExit = internals.exitPromise;
    let call: CallExit = { resolve: noop, reject: noop };
    const callExit = new Promise<void>((resolve, reject) => {
      call = { resolve, reject };
    });
    callExit.catch(noop);
    this.openCalls.add(call);
    internals.exitPromise = callExit;
    // An exited shell refuses the call before asking for any delimiter, so its framing must not be queued.
    if (!internals.isExited) this.queuedFramings.push(framing);
    let invoked: ReturnType<PowerShell['invoke']>;
    try {
      invoked = super.invoke(command);
    } finally {
      internals.exitPromise = shellExit;
    }
    const end = () => {
      this.openCalls.delete(call);
      call.resolve();
    };
    invoked.then(end, end);
    return invoked;
  }

  // Asked in the order stderr-open, stdout-open, stderr-close, stdout-close for each call's delimiter.
  private delimiterLine(delimiter: string, scriptLine: () => string): string {
    if (this.framing?.delimiter !== delimiter) {
      this.framing = { delimiter, framing: this.queuedFramings.shift() ?? 'script', linesAsked: 0 };
    }
    const line = this.framing.linesAsked++;
    if (this.framing.framing === 'script') return scriptLine();
    return line === 0 ? FRAMED_CALL : delimiter;
  }
}

interface CallExit {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** One warm pwsh process, started with the voiceops modules imported and the tenant connected. */
export class PowerShellSession {
  private hasExited = false;
  private enginePid: number | undefined;
  private outputBytes = 0;
  private onOverflow: (() => void) | undefined;
  private jobs = 0;
  readonly startedAt = Date.now();

  private constructor(
    private readonly shell: PinnedPowerShell,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly maxOutputBytes: number,
  ) {
    void exited.then(() => {
      this.hasExited = true;
    });
    // node-powershell buffers everything a command prints until its end marker; counting here lets us kill a flood
    // while the buffer is still small, which is what bounds the bot's memory.
    for (const stream of [child.stdout, child.stderr] as Array<Readable | null>) {
      stream?.on('data', (chunk: string | Buffer) => this.count(chunk));
    }
  }

  /** Spawns pwsh and runs the start command, which must print the engine's process id. */
  static async start({ pwshPath, startCommand, startTimeoutMs, maxOutputBytes }: SessionStartOptions): Promise<PowerShellSession> {
    const shell = new PinnedPowerShell({
      executable: pwshPath,
      executableOptions: { '-NoProfile': true, '-NonInteractive': true },
      spawnOptions: { env: pwshEnvironment(process.env) },
      throwOnInvocationError: false,
    });
    const { child, exitPromise } = internalsOf(shell);
    const session = new PowerShellSession(shell, child, exitPromise.then(noop, noop), maxOutputBytes);
    const result = await session.run(startCommand, startTimeoutMs);
    session.jobs = 0;
    const pid = result.kind === 'completed' ? Number(result.stdout.trim()) : NaN;
    if (!Number.isInteger(pid) || pid <= 0) {
      await session.kill();
      throw new Error(`pwsh at ${pwshPath} did not start: ${describe(result)}`);
    }
    session.enginePid = pid;
    return session;
  }

  /** The process id pwsh reports for itself ($PID). */
  get pid(): number | undefined {
    return this.enginePid;
  }

  /** Commands run since the session started (the start command not counted). */
  get jobsRun(): number {
    return this.jobs;
  }

  get isAlive(): boolean {
    return !this.hasExited && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory of the pwsh process, read from /proc; undefined where /proc is missing. */
  residentBytes(): number | undefined {
    const pid = this.enginePid ?? this.child.pid;
    return pid === undefined ? undefined : residentBytesOf(pid);
  }

  /** Sends one line of PowerShell (framed as node-powershell frames it) and waits for its output, at most timeoutMs; never throws. */
  run(command: string, timeoutMs: number): Promise<SessionRunResult> {
    return this.send(command, 'script', timeoutMs);
  }

  /**
   * Sends one dispatch line (see buildDispatchLine), framed as data for Invoke-VoiceOpsFramedCall, and waits for its
   * output, at most timeoutMs. Rejects only a line that is not one line, which would put the framing out of step.
   */
  async call(dispatchLine: string, timeoutMs: number): Promise<SessionRunResult> {
    if (/[\r\n]/.test(dispatchLine)) throw new Error('a dispatch line must be one line');
    return this.send(dispatchLine, 'data', timeoutMs);
  }

  private async send(text: string, framing: Framing, timeoutMs: number): Promise<SessionRunResult> {
    if (!this.isAlive) return { kind: 'exited', message: 'pwsh is not running.' };
    this.jobs += 1;
    this.outputBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<'timeout' | 'overflow'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      this.onOverflow = () => resolve('overflow');
    });
    const invoked = this.shell.invoke(text, framing).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    try {
      const first = await Promise.race([invoked, stopped]);
      if (first === 'timeout') return { kind: 'timeout' };
      if (first === 'overflow') return { kind: 'overflow', bytes: this.outputBytes };
      if ('error' in first) {
        const message = errorMessage(first.error);
        return (await this.exitsWithin(EXIT_GRACE_MS)) ? { kind: 'exited', message } : { kind: 'stderr', text: message };
      }
      const { raw, hadErrors } = first.result;
      // node-powershell returns empty output, not an error, when pwsh exits with code 0 mid-call.
      if (raw === '' && (await this.exitsWithin(EXIT_GRACE_MS))) return { kind: 'exited', message: 'pwsh exited during the call.' };
      return hadErrors ? { kind: 'stderr', text: raw } : { kind: 'completed', stdout: raw };
    } finally {
      clearTimeout(timer);
      this.onOverflow = undefined;
      // node-powershell keeps every invocation's output in `history` for the life of the shell.
      this.shell.history.length = 0;
    }
  }

  /** Kills pwsh and every process below it (a hung cmdlet ignores gentler signals) and waits until it is gone. */
  async kill(): Promise<void> {
    const engine = this.enginePid;
    if (engine !== undefined && engine !== this.child.pid) {
      // A launcher reaps its engine when the engine dies; killed together, the engine could be left a zombie.
      killProcessTree([engine]);
      if (await this.goneWithin(LAUNCHER_EXIT_MS)) return;
    }
    killProcessTree(this.roots());
    await this.goneWithin(KILL_WAIT_MS);
  }

  /** Asks pwsh to stop, then kills its tree if it has not stopped after a short wait. */
  async dispose(): Promise<void> {
    // Only the engine is signalled: a launcher (the .NET global tool's `pwsh` is one) waits for its engine and exits
    // with it, reaping it, whereas a launcher stopped first would leave the engine running as an orphan.
    const target = this.enginePid ?? this.child.pid;
    if (target !== undefined && isProcessLive(target)) {
      try {
        process.kill(target, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    if (!(await this.goneWithin(EXIT_GRACE_MS))) await this.kill();
  }

  // The process we spawned and the engine that reported $PID; they differ when `pwsh` is a launcher.
  private roots(): number[] {
    return [...new Set([this.enginePid, this.child.pid])].filter((pid): pid is number => pid !== undefined);
  }

  /** Whether, within `ms`, the spawned process has exited and the engine is gone too (a zombie counts as gone). */
  private async goneWithin(ms: number): Promise<boolean> {
    const engineGone = () => this.enginePid === undefined || !isProcessLive(this.enginePid);
    const deadline = Date.now() + ms;
    if (!(await this.exitsWithin(ms))) return false;
    while (!engineGone()) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  private count(chunk: string | Buffer): void {
    this.outputBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    if (this.outputBytes > this.maxOutputBytes && this.onOverflow) {
      const overflow = this.onOverflow;
      this.onOverflow = undefined;
      // Stop the producer at once; the pool replaces the session.
      void this.kill();
      overflow();
    }
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    if (!this.isAlive) return true;
    if (ms <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    const gone = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
    clearTimeout(timer);
    return gone || !this.isAlive;
  }
}

/**
 * node-powershell keeps its child process and exit promise private. We need the child to kill a hung pwsh (its own
 * timeout leaves the process running) and the exit promise to notice a crash without an unhandled rejection. Its
 * debug logger is silenced: with DEBUG set it would print every command, and a connect command carries tokens.
 */
function internalsOf(shell: PowerShell): { child: ChildProcess; exitPromise: Promise<void> } {
  const internals = shell as unknown as { process?: ChildProcess; debuggers?: Record<string, unknown> };
  if (!internals.process || typeof internals.process.kill !== 'function' || !internals.debuggers) {
    throw new Error('node-powershell internals changed: cannot reach the pwsh child process');
  }
  internals.debuggers = { comment: noop, command: noop, output: noop };
  return { child: internals.process, exitPromise: exitPromiseOf(shell) };
}

/** The promise node-powershell settles when pwsh exits (private to it; see internalsOf). */
function exitPromiseOf(shell: PowerShell): Promise<void> {
  const exitPromise = (shell as unknown as { exitPromise?: unknown }).exitPromise;
  if (!(exitPromise instanceof Promise)) throw new Error('node-powershell internals changed: no exit promise');
  return exitPromise as Promise<void>;
}

function describe(result: SessionRunResult): string {
  switch (result.kind) {
    case 'completed':
      return `unexpected output ${JSON.stringify(result.stdout.slice(0, 500))}`;
    case 'stderr':
      return result.text.slice(0, 2000);
    case 'timeout':
      return 'timed out';
    case 'overflow':
      return `printed more than the output cap (${result.bytes} bytes)`;
    case 'exited':
      return result.message;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function noop(): void {}
