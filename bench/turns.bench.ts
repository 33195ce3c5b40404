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

/**
 * Replaced in a command by a new seven-digit number on every request (5550000, 5550001, …): `enable voice` with the
 * same number again would be answered "already requested" without filing anything, so each request asks for a new
 * change and the bench measures filing.
 */
export const SEQUENCE = '{seq}';

export const FULL: TurnBenchOptions = {
  concurrency: [1, 16, 64],
  durationSeconds: 5,
  runs: 3,
  commands: ['help', 'check voice alice@contoso.com', `enable voice alice@contoso.com +1425${SEQUENCE}`],
};

let sequence = 0;

/** The message for one request: the command, with a fresh number where it has {seq}. */
function messageFor(command: string, serviceUrl: string): () => Record<string, unknown> {
  return () => teamsMessage(MEGAN, command.replace(SEQUENCE, () => String(5_550_000 + sequence++)), serviceUrl);
}

/** How a command shows in the table. */
function shown(command: string): string {
  return command.replace(SEQUENCE, '555xxxx');
}

interface Measure {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function load(url: string, message: () => Record<string, unknown>, connections: number, duration: number, amount?: number): Promise<Measure> {
  const result = await autocannon({
    ...(amount ? { amount } : { duration }),
    url: `${url}/api/messages`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(message()) }) }],
    connections,
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, errors: result.errors + result.non2xx };
}

export async function runTurnBench(options: TurnBenchOptions): Promise<string> {
  const connector = new TeamsConnector();
  const serviceUrl = await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-bench-'));
  let clear: NodeJS.Timeout | undefined;
  let echo: ServerProcess | undefined;
  let tenantReader: ServerProcess | undefined;
  let voiceops: ServerProcess | undefined;
  const lines: string[] = [];
  const readerLines: string[] = [];
  try {
    echo = await startServerProcess('bench/support/echo-bot.ts', [], {});
    tenantReader = await startServerProcess('bench/support/tenant-read-bot.ts', [], {});
    await expectTenantRead(tenantReader.url, serviceUrl, connector);
    // Replies are counted by the connector but not kept: a long run must not grow the load generator.
    clear = setInterval(() => connector.clear(), 1000);
    voiceops = await startServerProcess('src/cli.ts', ['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '2', ...UNLIMITED });
    lines.push(
      '| command | clients | voiceops p50 / p99 ms | echo p50 / p99 ms | p50 ratio | voiceops req/s | echo req/s | throughput ratio | errors (voiceops / baseline) |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    readerLines.push(
      '| command | clients | voiceops p50 / p99 ms | tenant-read bot p50 / p99 ms | p50 ratio | voiceops req/s | tenant-read bot req/s | throughput ratio | errors (voiceops / baseline) |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const connections of options.concurrency) {
      const baseline: Measure[] = [];
      for (let run = 0; run < options.runs; run++) {
        baseline.push(await load(echo.url, messageFor('help', serviceUrl), connections, options.durationSeconds));
      }
      for (const command of options.commands) {
        const ours: Measure[] = [];
        for (let run = 0; run < options.runs; run++) {
          ours.push(await load(voiceops.url, messageFor(command, serviceUrl), connections, options.durationSeconds));
        }
        lines.push(compared(shown(command), connections, ours, baseline));
        if (!READS_TENANT.test(command)) continue;
        const reads: Measure[] = [];
        for (let run = 0; run < options.runs; run++) {
          reads.push(await load(tenantReader.url, messageFor(command, serviceUrl), connections, options.durationSeconds));
        }
        readerLines.push(compared(shown(command), connections, ours, reads));
      }
    }
  } finally {
    clearInterval(clear);
    await voiceops?.stop();
    await tenantReader?.stop();
    await echo?.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return [
    `Each cell: median (min–max) of ${options.runs} runs of ${options.durationSeconds} s (autocannon, keep-alive). ` +
      'Ratios: voiceops / echo bot on the medians (p50 ratio: lower is better; throughput ratio: higher is better). ' +
      'autocannon reports whole milliseconds, so sub-millisecond latencies (either side) are floored at 0.5 ms for the ratio.',
    '',
    ...lines,
    '',
    'Commands that read the tenant, against the second baseline: the echo bot plus the same read through two warm pwsh ' +
      'sessions (bench/support/tenant-read-bot.ts), without parsing, validation, storage, audit or cards.',
    '',
    ...readerLines,
  ].join('\n');
}

/** A baseline whose reads fail would look fast: one read must come back with the user's state before any load. */
async function expectTenantRead(url: string, serviceUrl: string, connector: TeamsConnector): Promise<void> {
  connector.clear();
  await load(url, messageFor('check voice alice@contoso.com', serviceUrl), 1, 0, 1);
  const reply = connector.texts().join('\n');
  if (!/"alice@contoso\.com"/i.test(reply)) throw new Error(`the tenant-read bot did not read the tenant: ${reply.slice(0, 300)}`);
}

/** Commands whose reply needs a read of the tenant (the tenant-read bot makes the same read). */
const READS_TENANT = /^(check|enable) voice /;

const errors = (measures: Measure[]) => measures.reduce((sum, m) => sum + m.errors, 0);

/** One table row: voiceops against a baseline, medians and spreads of the runs, ratios on the medians. */
function compared(command: string, connections: number, ours: Measure[], baseline: Measure[]): string {
  const p50 = (m: Measure[]) => m.map((x) => x.p50);
  const p99 = (m: Measure[]) => m.map((x) => x.p99);
  const rps = (m: Measure[]) => m.map((x) => x.rps);
  return (
    `| \`${command}\` | ${connections} | ${summary(p50(ours))} / ${summary(p99(ours))} | ${summary(p50(baseline))} / ${summary(p99(baseline))} | ` +
    `${ratio(Math.max(median(p50(ours)), 0.5), Math.max(median(p50(baseline)), 0.5))} | ${summary(rps(ours), 0)} | ${summary(rps(baseline), 0)} | ` +
    `${ratio(median(rps(ours)), median(rps(baseline)))} | ${errors(ours)} / ${errors(baseline)} |`
  );
}

if (require.main === module) {
  runTurnBench(FULL).then((table) => process.stdout.write(`${table}\n`));
}
