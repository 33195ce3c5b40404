// Live heap after forced garbage collections, every 2,000 turns: tells a leak (live heap keeps growing) from V8
// sizing its heap (RSS grows, live heap stays flat), which the RSS figures of memory.bench.ts cannot.
// Run: npm run bench:heap [-- <rounds>]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TeamsConnector } from '../test/support/teams-connector';
import { driveMixedTurns } from './support/mixed-turns';
import { UNLIMITED } from './support/server-process';

const PROJECT_ROOT = join(__dirname, '..');

/** The bot with the inspector on a free port, and the DevTools protocol socket the heap is read through. */
async function startInspectedBot(dataDir: string) {
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '--import', 'tsx', join(PROJECT_ROOT, 'src/cli.ts'), 'start'], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_NO_WARNINGS: '1', VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inspector = new Promise<string>((resolve) => {
    let text = '';
    child.stderr!.on('data', (d: Buffer) => {
      text += d.toString();
      const found = /Debugger listening on (ws:\/\/\S+)/.exec(text);
      if (found) resolve(found[1]);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const line = text.split('\n').find((l) => l.includes(' listening"') && l.includes('"url"'));
      if (line) resolve(String(JSON.parse(line).url).replace(/\/api\/messages$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`the bot exited with ${code}`)));
  });
  child.stdout!.resume();
  const socket = new WebSocket(await inspector);
  await new Promise((resolve) => socket.once('open', resolve));
  let lastId = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = ++lastId;
      const onMessage = (data: WebSocket.Data) => {
        const message = JSON.parse(String(data));
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    url,
    async liveHeapMiB(): Promise<number> {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      return (await call('Runtime.getHeapUsage')).usedSize / 2 ** 20;
    },
    async stop(): Promise<void> {
      socket.close();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

export async function runHeapBench(rounds: number, turnsPerRound = 2000): Promise<string> {
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const clear = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const bot = await startInspectedBot(dataDir);
  const rows = ['| turns | live heap after GC MiB |', '|---|---|', `| 0 (idle) | ${(await bot.liveHeapMiB()).toFixed(1)} |`];
  try {
    for (let round = 1; round <= rounds; round++) {
      await driveMixedTurns(bot.url, serviceUrl, turnsPerRound);
      rows.push(`| ${round * turnsPerRound} | ${(await bot.liveHeapMiB()).toFixed(1)} |`);
    }
  } finally {
    clearInterval(clear);
    await bot.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows.join('\n');
}

if (require.main === module) {
  runHeapBench(Number(process.argv[2] ?? 6)).then((table) => process.stdout.write(`${table}\n`));
}
