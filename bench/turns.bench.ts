import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { TeamsConnector } from '../test/support/teams-connector';
import { MEGAN } from '../test/support/personas';
import { teamsMessage } from './support/activities';
import { startServerProcess, type ServerProcess, UNLIMITED } from './support/server-process';
import { median, ratio, summary } from './support/stats';

/**
 * Turn latency and throughput over real HTTP: voiceops (parsing, storage, audit, cards, pwsh reads)
 * against a bare botbuilder + restify echo bot, both replying to the same local connector.
 */
export interface TurnBenchOptions {
  concurrency: number[];
  durationSeconds: number;
  runs: number;
  commands: string[];
}

export const FULL: TurnBenchOptions = {
  concurrency: [1, 16, 64],
  durationSeconds: 5,
  runs: 3,
  commands: ['help', 'check voice alice@contoso.com', 'enable voice alice@contoso.com +14255550100'],
};

interface Measure {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(url: string, body: Record<string, unknown>, connections: number, duration: number): Promise<Measure> {
  const result = await autocannon({
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections,
    duration,
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

export async function runTurnBench(options: TurnBenchOptions): Promise<string> {
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  // Replies are counted by the connector but not kept: a long run must not grow the load generator.
  const clear = setInterval(() => connector.clear(), 1000);
  let echo: ServerProcess | undefined;
  let voiceops: ServerProcess | undefined;
  const lines: string[] = [];
  try {
    echo = await startServerProcess('bench/support/echo-bot.ts', [], {});
    voiceops = await startServerProcess('src/cli.ts', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED });
    lines.push(
      '| command | clients | voiceops p50 / p99 ms | echo p50 / p99 ms | p50 ratio | voiceops req/s | echo req/s | throughput ratio | errors |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const connections of options.concurrency) {
      const baseline: Measure[] = [];
      for (let run = 0; run < options.runs; run++) {
        baseline.push(await load(echo.url, teamsMessage(MEGAN, 'help', serviceUrl), connections, options.durationSeconds));
      }
      for (const command of options.commands) {
        const ours: Measure[] = [];
        for (let run = 0; run < options.runs; run++) {
          ours.push(await load(voiceops.url, teamsMessage(MEGAN, command, serviceUrl), connections, options.durationSeconds));
        }
        const p50 = (m: Measure[]) => m.map((x) => x.p50);
        const p99 = (m: Measure[]) => m.map((x) => x.p99);
        const rps = (m: Measure[]) => m.map((x) => x.rps);
        lines.push(
          `| \`${command}\` | ${connections} | ${summary(p50(ours))} / ${summary(p99(ours))} | ${summary(p50(baseline))} / ${summary(p99(baseline))} | ` +
            `${ratio(median(p50(ours)), Math.max(median(p50(baseline)), 0.5))} | ${summary(rps(ours), 0)} | ${summary(rps(baseline), 0)} | ` +
            `${ratio(median(rps(ours)), median(rps(baseline)))} | ${ours.reduce((s, m) => s + m.errors, 0)} |`,
        );
      }
    }
  } finally {
    clearInterval(clear);
    await voiceops?.stop();
    await echo?.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    `Each cell: median (min–max) of ${options.runs} runs of ${options.durationSeconds} s (autocannon, keep-alive). ` +
      'Ratios: voiceops / echo bot on the medians (p50 ratio: lower is better; throughput ratio: higher is better). ' +
      'autocannon reports whole milliseconds, so sub-millisecond echo latencies are floored at 0.5 ms for the ratio.',
    '',
    ...lines,
  ].join('\n');
}

if (require.main === module) {
  runTurnBench(FULL).then((table) => process.stdout.write(`${table}\n`));
}
