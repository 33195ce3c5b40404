import { runApprovalBench } from '../../bench/approval.bench';
import { runBulkBench } from '../../bench/bulk.bench';
import { runMemoryBench } from '../../bench/memory.bench';
import { runTurnBench } from '../../bench/turns.bench';

/** Not a timing test: proves the benchmarks still run end to end and produce their tables. */
describe('benchmarks still work (smoke run, tiny sizes)', () => {
  test('turn latency compares voiceops with the echo bot for each command, and with the tenant-read bot for reads', async () => {
    const table = await runTurnBench({ concurrency: [2], durationSeconds: 1, runs: 1, commands: ['help', 'check voice alice@contoso.com'] });
    const rows = table.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(3);
    expect(rows.filter((row) => row.startsWith('| `check voice'))).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\| \d+\.\d\d× \|.*\| \d+\.\d\d× \| 0 \/ 0 \|$/);
  }, 180_000);

  test('approval round trip reports the invoke and the verified update', async () => {
    const table = await runApprovalBench(2);
    expect(table).toMatch(/Approve to card updated "Succeeded and verified" \| \d+\.\d \| \d+\.\d/);
  }, 180_000);

  test('memory reports idle, after-load and peak RSS for the bot and its pool, and its live heap', async () => {
    const table = await runMemoryBench({ turns: 40, warmUp: 20 });
    const figures = String.raw`\| \d+\.\d \| \d+\.\d \| \d+\.\d \| -?\d+\.\d % \| -?\d+\.\d % \|`;
    expect(table).toMatch(new RegExp(String.raw`^\| bot \(node\) RSS ${figures} \d+\.\d \|$`, 'm'));
    expect(table).toMatch(new RegExp(String.raw`^\| bot \+ pwsh pool of 2 RSS ${figures} \d+\.\d \|$`, 'm'));
    expect(table).toMatch(new RegExp(String.raw`^\| bot's live JavaScript heap ${figures}  \|$`, 'm'));
  }, 180_000);

  test('bulk throughput reports each pool size as a ratio to pool size 1', async () => {
    const table = await runBulkBench({ rows: 4, latencyMs: 20, poolSizes: [1, 2] });
    const rows = table.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^\| 1 \| \d+\.\d \| \d+\.\d\d \| 0 \| 1\.00× \| 0\.8× \| yes \| \d+ \| \d+ \|$/);
    expect(rows[1]).toMatch(/^\| 2 \| \d+\.\d \| \d+\.\d\d \| 0 \| \d+\.\d\d× \| 1\.6× \| (yes|no) \| \d+ \| \d+ \|$/);
    expect(table).toMatch(/^Target \(at least 0\.8 × pool size, no failed rows, for every pool size\): (met|not met at pool size 2)\.$/m);
  }, 180_000);
});
