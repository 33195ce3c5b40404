/**
 * Bulk benchmark: one approved bulk request of N rows (enable voice with a number, per row: read, change, read
 * back, each audited) run against the simulated tenant with a simulated cmdlet latency, for pool sizes 1, 2, 4
 * and 8. Throughput (rows/s) is printed as a ratio to pool size 1, all from one run. The work is latency-bound:
 * the sessions sleep in the simulated service, so more sessions should run more rows at once even on 2 cores.
 * Not a timed test: `npm run bench:bulk` (BENCH_BULK_ROWS, BENCH_BULK_LATENCY_MS, BENCH_BULK_POOLS override; the
 * defaults are the issue's setup: 1,000 rows, 200 ms, pools 1, 2, 4, 8). BENCH_BULK_TENANT_USERS gives the tenant more
 * users than rows, so a short run still pays what a row costs in a 1,000-user tenant.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModulesDir, PowerShellSessionPool, resolvePwshPath } from '../src/adapters/powershell';
import { machineLine } from './support/machine';
import { SqliteStore } from '../src/adapters/sqlite/sqlite-store';
import { PROJECT_ROOT } from '../src/config/project-root';
import { bulkChange, bulkParameters } from '../src/domain/bulk/bulk-change';
import { BULK_STEP_OPERATIONS } from '../src/domain/bulk/bulk-steps';
import { allowedCommands } from '../src/domain/operations/catalog';
import { ApprovalPolicy } from '../src/domain/policy/approval-policy';
import { parsePolicy } from '../src/domain/policy/load-policy';
import { RequestService } from '../src/domain/requests/request-service';
import { ADELE, MEGAN } from '../test/support/personas';
import { writeBulkTenant } from '../test/bulk/bulk-tenant';

export interface BulkBenchOptions {
  rows: number;
  latencyMs: number;
  poolSizes: number[];
  /** Users in the simulated tenant besides the seed's (at least `rows`). */
  tenantUsers?: number;
}

export const FULL_BULK: BulkBenchOptions = { rows: 1000, latencyMs: 200, poolSizes: [1, 2, 4, 8] };

const actor = (p: { aadObjectId: string; name: string }) => ({ objectId: p.aadObjectId, name: p.name });
/**
 * Untimed rows per session before the timed request: a fresh pwsh session spends its first calls compiling the
 * modules' functions (~1.5 s of CPU over its first ten rows), which a long-running bot's sessions have long done.
 * Without it, a short run at pool size 8 measures eight warm-ups rather than rows.
 */
const WARM_UP_ROWS_PER_SESSION = 10;
// Four-digit user numbers so 1,000 rows get distinct UPNs and numbers.
const upn = (n: number) => `bulk${String(n).padStart(4, '0')}@contoso.com`;

/** CPU milliseconds a process has used so far, from /proc (Linux; 0 elsewhere or once it has gone). */
function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 (user and system time, in clock ticks of 10 ms) come after the parenthesised command name.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

interface RunResult {
  seconds: number;
  changed: number;
  failures: string[];
  /** CPU per row in node (bot side: scheduling, audit, SQLite) and in the pwsh sessions (dispatch and the tenant). */
  nodeCpuMsPerRow: number;
  pwshCpuMsPerRow: number;
}

/** Runs one bulk request of `rows` rows with a pool of `size` sessions; returns seconds from approval to finished. */
async function runOnce(options: BulkBenchOptions, size: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-bulk-bench-'));
  const warmUpRows = WARM_UP_ROWS_PER_SESSION * size;
  const statePath = writeBulkTenant(dir, { extraUsers: Math.max(options.rows + warmUpRows, options.tenantUsers ?? 0), latencyMs: options.latencyMs, upn });
  const pwsh = resolvePwshPath(process.env);
  if (!pwsh) throw new Error('pwsh not found: set VOICEOPS_PWSH or put pwsh on PATH');
  // No recycling by job count: at the default 500 jobs a pool of 1 would restart its session six times in a
  // 1,000-row run and a pool of 8 never, which would flatter the larger pools' ratios.
  const pool = new PowerShellSessionPool({
    pwshPath: pwsh,
    modulesDir: findModulesDir(),
    tenantStatePath: statePath,
    size,
    allowedCommands: allowedCommands(BULK_STEP_OPERATIONS),
    defaultTimeoutMs: 600_000,
    maxJobsPerSession: Number.MAX_SAFE_INTEGER,
  });
  const store = new SqliteStore(join(dir, 'voiceops.sqlite'), () => new Date());
  const policy = new ApprovalPolicy(parsePolicy(readFileSync(join(PROJECT_ROOT, 'config', 'policy.dev.json'), 'utf8'), 'policy.dev.json'));
  const requests = new RequestService({ store, executor: pool, policy, tenantId: 'bench-tenant', bulk: { concurrency: size } });
  try {
    await pool.warm();
    const rowsFor = (first: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ row: i + 2, user: upn(first + i), number: `+1425${String(5_000_000 + first + i).padStart(7, '0')}` }));
    const approved = async (rows: ReturnType<typeof rowsFor>) => {
      const request = await requests.fileChecked(actor(MEGAN), bulkChange, bulkParameters(rows, 'legacy'), [], 'bench');
      await requests.decide(actor(ADELE), request.id, 'approve');
      return request;
    };
    await requests.execute((await approved(rowsFor(options.rows + 1, warmUpRows))).id);
    const request = await approved(rowsFor(1, options.rows));
    const pwshCpu = () => pool.stats().sessions.reduce((sum, session) => sum + processCpuMs(session.pid), 0);
    const [nodeBefore, pwshBefore] = [process.cpuUsage(), pwshCpu()];
    const started = performance.now();
    const finished = await requests.execute(request.id);
    const seconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(nodeBefore);
    // Sessions recycled during the run take their CPU with them, so the pwsh figure is a lower bound.
    const pwshCpuMs = pwshCpu() - pwshBefore;
    const outcomes = finished.result?.bulkRows ?? [];
    if (outcomes.length !== options.rows) throw new Error(`pool ${size}: ${finished.result?.message}`);
    const failures = outcomes.filter((r) => r.outcome === 'failed').map((r) => r.detail);
    return {
      seconds,
      changed: outcomes.filter((r) => r.outcome === 'changed').length,
      failures,
      nodeCpuMsPerRow: (nodeCpu.user + nodeCpu.system) / 1000 / options.rows,
      pwshCpuMsPerRow: pwshCpuMs / options.rows,
    };
  } finally {
    await pool.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The table for bench/RESULTS.md. */
export async function runBulkBench(options: BulkBenchOptions): Promise<string> {
  const results: { size: number; seconds: number; rate: number; failed: number; nodeCpu: number; pwshCpu: number }[] = [];
  const notes = new Set<string>();
  for (const size of options.poolSizes) {
    const { seconds, changed, failures, nodeCpuMsPerRow, pwshCpuMsPerRow } = await runOnce(options, size);
    // Throughput counts rows changed and verified; a failed row is not throughput.
    results.push({ size, seconds, rate: changed / seconds, failed: failures.length, nodeCpu: nodeCpuMsPerRow, pwshCpu: pwshCpuMsPerRow });
    for (const failure of failures) notes.add(failure.replace(/\d+/g, 'N'));
    process.stderr.write(`pool ${size}: ${seconds.toFixed(1)} s, ${changed} changed, ${failures.length} failed\n`);
  }
  const base = results.find((r) => r.size === 1)?.rate ?? results[0].rate;
  const meets = (r: { size: number; rate: number; failed: number }) => r.failed === 0 && r.rate / base >= 0.8 * r.size;
  const tenantUsers = Math.max(options.rows, options.tenantUsers ?? 0);
  return [
    `${options.rows} rows (enable voice with a number: read, change, read back, each audited) in a tenant of ${tenantUsers} users (plus the seed's 8 and ${WARM_UP_ROWS_PER_SESSION} per session for untimed warm-up rows run first), simulated cmdlet latency ${options.latencyMs} ms, rows in flight = pool size.`,
    '',
    '| pool size | seconds | rows/s (changed and verified) | failed rows | ratio to pool 1 | target (0.8 × pool size) | met | CPU ms per row: node | pwsh |',
    '|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.size} | ${r.seconds.toFixed(1)} | ${r.rate.toFixed(2)} | ${r.failed} | ${(r.rate / base).toFixed(2)}× | ${(0.8 * r.size).toFixed(1)}× | ${meets(r) ? 'yes' : 'no'} | ${r.nodeCpu.toFixed(0)} | ${r.pwshCpu.toFixed(0)} |`,
    ),
    '',
    `Target (at least 0.8 × pool size, no failed rows, for every pool size): ${results.every(meets) ? 'met' : `not met at pool size ${results.filter((r) => !meets(r)).map((r) => r.size).join(', ')}`}.`,
    ...(notes.size > 0 ? ['', 'Why rows failed:', ...[...notes].map((n) => `- ${n}`)] : []),
  ].join('\n');
}

if (require.main === module) {
  const options: BulkBenchOptions = {
    rows: Number(process.env.BENCH_BULK_ROWS ?? FULL_BULK.rows),
    latencyMs: Number(process.env.BENCH_BULK_LATENCY_MS ?? FULL_BULK.latencyMs),
    poolSizes: (process.env.BENCH_BULK_POOLS ?? FULL_BULK.poolSizes.join(',')).split(',').map(Number),
    tenantUsers: Number(process.env.BENCH_BULK_TENANT_USERS ?? 0),
  };
  process.stdout.write(`${machineLine()}\n`);
  process.stdout.write(`Date: ${new Date().toISOString()}\n\n`);
  runBulkBench(options).then(
    (table) => process.stdout.write(`${table}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
