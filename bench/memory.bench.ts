import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { TeamsConnector } from '../test/support/teams-connector';
import { MEGAN } from '../test/support/personas';
import { teamsMessage } from './support/activities';
import { residentMemory, startServerProcess, UNLIMITED } from './support/server-process';

/** Idle RSS of the bot with a warm pool of 2, and after many turns (help and check voice, half each). */
export async function runMemoryBench(turns: number): Promise<string> {
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const clear = setInterval(() => connector.clear(), 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  const server = await startServerProcess('src/cli.ts', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED });
  const settle = () => new Promise((r) => setTimeout(r, 3000));
  try {
    await settle();
    const idle = residentMemory(server.pid);
    for (const text of ['help', 'check voice alice@contoso.com']) {
      await autocannon({
        url: `${server.url}/api/messages`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage(MEGAN, text, serviceUrl)),
        connections: 8,
        amount: Math.floor(turns / 2),
      });
    }
    await settle();
    const after = residentMemory(server.pid);
    const growth = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
    return [
      '| process | idle RSS MiB | after ' + turns + ' turns MiB | growth |',
      '|---|---|---|---|',
      `| bot (node) | ${idle.selfMiB.toFixed(1)} | ${after.selfMiB.toFixed(1)} | ${growth(idle.selfMiB, after.selfMiB)} |`,
      `| bot + pwsh pool of 2 | ${idle.treeMiB.toFixed(1)} | ${after.treeMiB.toFixed(1)} | ${growth(idle.treeMiB, after.treeMiB)} |`,
    ].join('\n');
  } finally {
    clearInterval(clear);
    await server.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runMemoryBench(Number(process.argv[2] ?? 10_000)).then((table) => process.stdout.write(`${table}\n`));
}
