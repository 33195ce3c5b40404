import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';

export interface ServerProcess {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  pid: number;
  child: ChildProcess;
  /** The DevTools protocol socket URL, when the node arguments asked for the inspector (`--inspect=127.0.0.1:0`). */
  inspectorUrl?: string;
  stop(): Promise<void>;
}

/**
 * Starts a server script in its own Node process (so the load generator does not share its event loop)
 * and waits for the JSON log line that carries its URL.
 */
export async function startServerProcess(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  // Compiled scripts run as production runs them; TypeScript sources go through tsx.
  const loader = script.endsWith('.js') ? [] : ['--import', 'tsx'];
  const child = spawn(process.execPath, [...nodeArgs, ...loader, join(PROJECT_ROOT, script), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const inspected = nodeArgs.some((arg) => arg.startsWith('--inspect'));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start in 120 s: ${stderr}`));
    }, 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => l.includes(' listening"') && l.includes('"url"'));
      if (!line) return;
      clearTimeout(timer);
      resolve(String(JSON.parse(line).url).replace(/\/api\/messages$/, ''));
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${stderr}`)));
  });
  child.stdout!.resume();
  // Node prints the inspector's address before it runs the script, but on the other pipe.
  // If the inspector could not start, node says so on stderr and runs the script anyway: give up after 5 s.
  const inspectorUrl = inspected ? await new Promise<string>((resolve, reject) => {
    const found = () => /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
    const startedAt = Date.now();
    const poll = setInterval(() => {
      const address = found();
      if (address) { clearInterval(poll); resolve(address); }
      else if (Date.now() - startedAt > 5_000) {
        clearInterval(poll);
        child.kill('SIGTERM');
        reject(new Error(`${script} started without its inspector: ${stderr.trim().slice(-500)}`));
      }
    }, 10);
  }) : undefined;
  return {
    url,
    inspectorUrl,
    pid: child.pid!,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

let built = false;

/**
 * Compiles the project into dist/ once per benchmark process, so a benchmark can run the bot the way `npm start`
 * does: memory figures of a bot run through tsx would include tsx's on-the-fly compilation.
 */
export function ensureBuilt(): void {
  if (built) return;
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  built = true;
}

/** Resident memory of a process in MiB, and of the process with all its descendants (the pwsh pool). */
export function residentMemory(pid: number): { selfMiB: number; treeMiB: number } {
  const rss = (p: number): number => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    } catch {
      return 0;
    }
  };
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = (p: number): number => rss(p) + (children.get(p) ?? []).reduce((sum, c) => sum + tree(c), 0);
  return { selfMiB: rss(pid), treeMiB: tree(pid) };
}

/**
 * Benchmarks measure the bot's own turn cost, so they lift the inbound rate limits and outbound pacing that
 * would otherwise (correctly) slow one user's flood to Teams' pace. Dev mode only; production refuses it.
 */
export const UNLIMITED: NodeJS.ProcessEnv = {
  VOICEOPS_PACE_OUTBOUND: 'off',
  VOICEOPS_USER_BURST: '10000',
  VOICEOPS_USER_PER_MINUTE: '100000',
  VOICEOPS_TENANT_BURST: '100000',
  VOICEOPS_TENANT_PER_MINUTE: '1000000',
};
