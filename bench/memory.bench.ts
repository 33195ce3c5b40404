import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeamsConnector } from '../test/support/teams-connector';
import { inspectBot } from './support/bot-inspector';
import { driveMixedTurns } from './support/mixed-turns';
import { ensureBuilt, residentMemory, startServerProcess, UNLIMITED } from './support/server-process';

export interface MemoryBenchOptions {
  turns: number;
  warmUp?: number;
  nodeArgs?: string[];
}

type Reading = ReturnType<typeof residentMemory> & { heapMiB: number };

/**
 * Idle RSS of the bot with a warm pool of 2, then after a warm-up of 1,000 turns (modules loaded on first use,
 * JIT, caches filled), then after `turns` more (help and check voice, half each). Growth is reported against both
 * the idle and the warm-up reading (a leak shows as growth after the warm-up), with the highest RSS sampled while
 * the turns ran beside them. The bot runs compiled, as `npm start` runs it.
 *
 * Each reading follows full collections asked for through the inspector. V8 keeps a busy spell's garbage in an
 * enlarged old generation until its memory reducer collects it once the process idles (seen 20 s to over 90 s
 * after the load, or not at all when no full collection ran during it); forcing what the reducer does makes the
 * readings measure what the bot holds, every run, and the peak column shows what the garbage costs under load.
 */
export async function runMemoryBench(options: MemoryBenchOptions): Promise<string> {
  const { turns, warmUp = 1000, nodeArgs = [] } = options;
  ensureBuilt();
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const clear = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const server = await startServerProcess('dist/src/cli.js', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED }, ['--inspect=127.0.0.1:0', ...nodeArgs]);
  const inspector = await inspectBot(server);
  const peak = { selfMiB: 0, treeMiB: 0 };
  const settled = async (): Promise<Reading> => {
    await inspector.collectGarbage();
    // V8 hands freed pages back to the system on a background thread.
    await new Promise((r) => setTimeout(r, 2000));
    return { ...residentMemory(server.pid), heapMiB: await inspector.heapUsedMiB() };
  };
  const drive = async (count: number, samplePeak: boolean): Promise<Reading> => {
    const sample = () => {
      if (!samplePeak) return;
      const now = residentMemory(server.pid);
      peak.selfMiB = Math.max(peak.selfMiB, now.selfMiB);
      peak.treeMiB = Math.max(peak.treeMiB, now.treeMiB);
    };
    const sampler = setInterval(sample, 250);
    try {
      await driveMixedTurns(server.url, serviceUrl, count);
    } finally {
      clearInterval(sampler);
    }
    sample();
    return settled();
  };
  try {
    await new Promise((r) => setTimeout(r, 3000)); // start-up's own timers and pool checks
    const idle = await settled();
    const warm = await drive(warmUp, false);
    const after = await drive(turns, true);
    const mib = (n: number) => n.toFixed(1);
    const growth = (from: number, to: number) => `${(((to - from) / from) * 100).toFixed(1)} %`;
    const row = (name: string, pick: (r: Reading) => number, peakOf: number | undefined) =>
      `| ${name} | ${mib(pick(idle))} | ${mib(pick(warm))} | ${mib(pick(after))} | ${growth(pick(idle), pick(after))} | ${growth(pick(warm), pick(after))} | ${peakOf === undefined ? '' : mib(peakOf)} |`;
    return [
      `| MiB | idle | after ${warmUp} warm-up turns | after ${turns} more turns | growth since idle | growth since warm-up | peak RSS during the ${turns} turns |`,
      '|---|---|---|---|---|---|---|',
      row('bot (node) RSS', (r) => r.selfMiB, peak.selfMiB),
      row('bot + pwsh pool of 2 RSS', (r) => r.treeMiB, peak.treeMiB),
      row('bot\'s live JavaScript heap', (r) => r.heapMiB, undefined),
    ].join('\n');
  } finally {
    clearInterval(clear);
    inspector.close();
    await server.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  runMemoryBench({ turns: Number(process.argv[2] ?? 10_000), nodeArgs }).then((table) => process.stdout.write(`${table}\n`));
}
