// Live heap after forced garbage collections, every 2,000 turns: tells a leak (live heap keeps growing) from V8
// sizing its heap (RSS grows under load, live heap stays flat).
// Run: npm run bench:heap [-- <rounds>]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeamsConnector } from '../test/support/teams-connector';
import { inspectBot } from './support/bot-inspector';
import { driveMixedTurns } from './support/mixed-turns';
import { ensureBuilt, startServerProcess, UNLIMITED } from './support/server-process';

export async function runHeapBench(rounds: number, turnsPerRound = 2000): Promise<string> {
  ensureBuilt();
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const clear = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const bot = await startServerProcess('dist/src/cli.js', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED }, ['--inspect=127.0.0.1:0']);
  const inspector = await inspectBot(bot);
  const liveHeap = async () => {
    await inspector.collectGarbage();
    return (await inspector.heapUsedMiB()).toFixed(1);
  };
  try {
    const rows = ['| turns | live heap after GC MiB |', '|---|---|', `| 0 (idle) | ${await liveHeap()} |`];
    for (let round = 1; round <= rounds; round++) {
      await driveMixedTurns(bot.url, serviceUrl, turnsPerRound);
      rows.push(`| ${round * turnsPerRound} | ${await liveHeap()} |`);
    }
    return rows.join('\n');
  } finally {
    clearInterval(clear);
    inspector.close();
    await bot.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHeapBench(Number(process.argv[2] ?? 6)).then((table) => process.stdout.write(`${table}\n`));
}
