import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeamsConnector } from '../test/support/teams-connector';
import { driveMixedTurns } from './support/mixed-turns';
import { ensureBuilt, residentMemory, startServerProcess, UNLIMITED } from './support/server-process';

/**
 * Idle RSS of the bot with a warm pool of 2, then after a warm-up of 1,000 turns (modules loaded on first use,
 * JIT, V8 sizing its heap for the load), then after `turns` more (help and check voice, half each). Growth is
 * reported against both; a leak shows as growth after the warm-up. The bot runs compiled, as `npm start` runs it.
 * BENCH_NODE_ARGS passes flags to the bot's node (e.g. V8 heap sizes) to compare their effect on RSS;
 * BENCH_SETTLE_MS is how long the bot idles before each reading (default 3,000).
 */
export async function runMemoryBench(turns: number, warmUp = 1000, nodeArgs: string[] = []): Promise<string> {
  ensureBuilt();
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const clear = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const server = await startServerProcess('dist/src/cli.js', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED }, nodeArgs);
  const settle = () => new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS ?? 3000)));
  const drive = async (count: number) => {
    await driveMixedTurns(server.url, serviceUrl, count);
    await settle();
    return residentMemory(server.pid);
  };
  try {
    await settle();
    const idle = residentMemory(server.pid);
    const warm = await drive(warmUp);
    const after = await drive(turns);
    const growth = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
    return [
      `| process | idle RSS MiB | after ${warmUp} warm-up turns MiB | after ${turns} more turns MiB | growth since warm-up | growth since idle |`,
      '|---|---|---|---|---|---|',
      `| bot (node) | ${idle.selfMiB.toFixed(1)} | ${warm.selfMiB.toFixed(1)} | ${after.selfMiB.toFixed(1)} | ${growth(warm.selfMiB, after.selfMiB)} | ${growth(idle.selfMiB, after.selfMiB)} |`,
      `| bot + pwsh pool of 2 | ${idle.treeMiB.toFixed(1)} | ${warm.treeMiB.toFixed(1)} | ${after.treeMiB.toFixed(1)} | ${growth(warm.treeMiB, after.treeMiB)} | ${growth(idle.treeMiB, after.treeMiB)} |`,
    ].join('\n');
  } finally {
    clearInterval(clear);
    await server.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runMemoryBench(Number(process.argv[2] ?? 10_000), 1000, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)).then((table) => process.stdout.write(`${table}\n`));
}
