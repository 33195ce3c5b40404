import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'src', 'cli.ts');

/** A `voiceops` process (bot replica or worker) run from the sources (TypeScript loaded by tsx), its JSON log lines kept. */
export class VoiceopsProcess {
  readonly lines: Record<string, any>[] = [];
  private errors = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private waiters: {
    match: (line: Record<string, any>) => boolean;
    resolve: (line: Record<string, any>) => void;
    reject: (error: Error) => void;
  }[] = [];

  constructor(readonly name: string, command: 'start' | 'worker', env: NodeJS.ProcessEnv) {
    // Its own process group, so a test can kill the process alone or together with its pwsh sessions.
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, command], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let buffered = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const text of parts) this.take(text);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.errors += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => {
        if (code && this.errors) process.stderr.write(`${this.name} exited ${code}: ${this.errors}\n`);
        for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${this.name} exited (${code}) before logging what was awaited: ${this.errors.slice(-2000)}`));
        resolve(code);
      }),
    );
  }

  private take(text: string): void {
    let line: Record<string, any>;
    try {
      line = JSON.parse(text);
    } catch {
      line = { message: text };
    }
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first log line (already seen or still to come) that matches. */
  waitFor(match: (line: Record<string, any>) => boolean, timeoutMs = 120_000): Promise<Record<string, any>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const recent = this.lines.slice(-5).map((l) => JSON.stringify(l)).join('\n');
        reject(new Error(`${this.name}: no matching log line within ${timeoutMs} ms; last lines:\n${recent}\nstderr: ${this.errors.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)), reject: (error) => (clearTimeout(timer), reject(error)) });
    });
  }

  /** For a bot replica: its base URL once it listens. */
  async url(): Promise<string> {
    const line = await this.waitFor((l) => l.message === 'voiceops listening');
    return String(line.url).replace(/\/api\/messages$/, '');
  }

  /** kill -9 of the node process only: its pwsh sessions are orphaned and finish whatever they were doing. */
  killProcessOnly(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** kill -9 of the whole process group: node and its pwsh sessions die at once. */
  killGroup(): Promise<number | null> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    return this.exited;
  }

  /** SIGTERM, then SIGKILL of the group if it has not exited after a while. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      this.killPwshLeftovers();
      return;
    }
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.killPwshLeftovers(), 20_000);
    await this.exited;
    clearTimeout(timer);
    this.killPwshLeftovers();
  }

  private killPwshLeftovers(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // the group is empty
    }
  }
}
