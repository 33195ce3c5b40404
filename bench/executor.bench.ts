/**
 * Executor benchmark: the same read (Get-VoiceOpsVoiceState against the simulated tenant) three ways —
 *   warm   : a warm session of the PowerShellSessionPool (modules imported and tenant connected once),
 *   fresh  : a new `pwsh -NoProfile -File` per operation (import, connect, run, exit),
 *   job    : a PowerShell Start-Job per operation from a warm host, as PoshBot runs commands.
 * Several rounds; per round the median per operation of each way; ratios printed from the same run.
 * Not a timed test: run with `npm run bench:executor`, paste the output into bench/RESULTS.md.
 */
import { execFile } from 'child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'fs';
import { cpus, loadavg, tmpdir, totalmem } from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { promisify } from 'util';
import { findModulesDir, PowerShellSessionPool, pwshEnvironment, resolvePwshPath, seedTenantStatePath } from '../src/adapters/powershell';
import { pwshVersion } from './support/machine';

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARM_OPS = Number(process.env.BENCH_WARM_OPS ?? 40);
const COLD_OPS = Number(process.env.BENCH_COLD_OPS ?? 3);
const IDENTITY = 'alice@contoso.com';

async function main(): Promise<void> {
  const pwsh = resolvePwshPath(process.env);
  if (!pwsh) throw new Error('pwsh not found: set VOICEOPS_PWSH or put pwsh on PATH');
  const modulesDir = findModulesDir();
  const dir = mkdtempSync(path.join(tmpdir(), 'voiceops-bench-'));
  const statePath = path.join(dir, 'tenant.json');
  copyFileSync(seedTenantStatePath(modulesDir), statePath);
  const payload = Buffer.from(JSON.stringify({ Identity: IDENTITY }), 'utf8').toString('base64');
  const pool = new PowerShellSessionPool({
    pwshPath: pwsh,
    modulesDir,
    tenantStatePath: statePath,
    size: 1,
    extensions: [{ modulePath: path.join(__dirname, 'fixtures', 'VoiceOps.Bench', 'VoiceOps.Bench.psd1'), commands: ['Invoke-VoiceOpsInJob'] }],
  });

  const warm = async (): Promise<void> => {
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: IDENTITY } });
    if (!outcome.ok) throw new Error(`warm run failed: ${outcome.error.message}`);
  };
  const fresh = async (): Promise<void> => {
    const { stdout } = await run(pwsh, ['-NoProfile', '-NonInteractive', '-File', path.join(__dirname, 'fixtures', 'run-once.ps1'), '-ModulesDir', modulesDir, '-StatePath', statePath, '-Payload', payload], { env: pwshEnvironment(process.env) });
    if (!stdout.includes('"ok":true')) throw new Error(`fresh run failed: ${stdout.slice(0, 500)}`);
  };
  const job = async (): Promise<void> => {
    const outcome = await pool.invoke({ command: 'Invoke-VoiceOpsInJob', arguments: { ModulesDir: modulesDir, StatePath: statePath, Identity: IDENTITY }, timeoutMs: 120_000 });
    if (!outcome.ok || outcome.output !== IDENTITY) throw new Error(`job run failed: ${JSON.stringify(outcome)}`);
  };

  try {
    const started = performance.now();
    await pool.warm();
    const poolStartMs = performance.now() - started;
    const version = pwshVersion();
    await warm();
    await fresh();
    await job();

    const rounds: Array<{ warm: number; fresh: number; job: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const result = { warm: await medianOf(warm, WARM_OPS), fresh: await medianOf(fresh, COLD_OPS), job: await medianOf(job, COLD_OPS) };
      rounds.push(result);
      process.stderr.write(`round ${round}: warm ${result.warm.toFixed(1)} ms, fresh ${result.fresh.toFixed(0)} ms, job ${result.job.toFixed(0)} ms\n`);
    }

    const series = {
      warm: rounds.map((r) => r.warm),
      fresh: rounds.map((r) => r.fresh),
      job: rounds.map((r) => r.job),
      'fresh / warm': rounds.map((r) => r.fresh / r.warm),
      'job / warm': rounds.map((r) => r.job / r.warm),
    };
    const cpu = cpus();
    const lines = [
      `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores (load average ${loadavg()[0].toFixed(1)} at the end), ${Math.round(totalmem() / 1024 ** 3)} GB RAM; ${process.platform} ${process.arch}; Node ${process.version}; pwsh ${version} (${pwsh})`,
      `- Date: ${new Date().toISOString()}`,
      '- Command: `npm run bench:executor`',
      `- Operation: Get-VoiceOpsVoiceState -Identity ${IDENTITY} against the simulated tenant; ${ROUNDS} rounds, each the median of ${WARM_OPS} warm / ${COLD_OPS} fresh / ${COLD_OPS} job operations`,
      `- Pool start (1 session, import + connect, paid once): ${poolStartMs.toFixed(0)} ms`,
      '',
      '| way | median of rounds | spread (min – max of rounds) |',
      '| --- | --- | --- |',
      ...Object.entries(series).map(([name, values]) => {
        const unit = name.includes('/') ? '×' : ' ms';
        const digits = name === 'warm' ? 1 : 0;
        return `| ${name} | ${median(values).toFixed(digits)}${unit} | ${Math.min(...values).toFixed(digits)}${unit} – ${Math.max(...values).toFixed(digits)}${unit} |`;
      }),
      '',
      `Target warm ≥ 30× fresh: ${median(series['fresh / warm']) >= 30 ? 'met' : 'NOT met'} (${median(series['fresh / warm']).toFixed(0)}×).`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function medianOf(operation: () => Promise<void>, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = performance.now();
    await operation();
    times.push(performance.now() - startedAt);
  }
  return median(times);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
