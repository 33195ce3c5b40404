import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAuditSection, runAuditBench, writeAuditSection } from '../../bench/audit.bench';

// The benchmark's code at toy sizes: it measures both sides and verifies what it wrote. Not a timing test.
describe('audit benchmark (smoke)', () => {
  test('when run with tiny sizes, then it reports the three rates, the ratios with their spread, and an intact verify of every record', async () => {
    const result = await runAuditBench({ appends: 20, records: 500 });
    const threads = Math.min(availableParallelism(), 4);
    expect(result.auditPerSecond).toBeGreaterThan(0);
    expect(result.barePerSecond).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.auditPerSecond / result.barePerSecond);
    expect(result.sameTablePerSecond).toBeGreaterThan(0);
    expect(result.sameTableRatio).toBeCloseTo(result.auditPerSecond / result.sameTablePerSecond);
    expect(result.ratioSpread).toMatch(/^median \d+\.\d\d×, rounds \d+\.\d\d–\d+\.\d\d×$/);
    expect(result).toMatchObject({ verifiedIntact: true, verifiedRecords: 500, verifyWorkers: threads });
    expect(formatAuditSection(result)).toMatch(new RegExp(String.raw`^## Audit\n[\s\S]*\| \`audit verify\` of 500 records on ${threads} worker threads, wall clock \| [\d.]+ s \(intact, 500 records\) \| < 10 s \|`));
  });

  test('when RESULTS.md has other sections, then only the Audit section is replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voiceops-results-'));
    const path = join(dir, 'RESULTS.md');
    writeFileSync(path, '# Benchmark results\n\n## Executor\n\nfast\n\n## Audit\n\nold\n\n## Parser\n\nquick\n');
    writeAuditSection(path, '## Audit\n\nnew\n');
    expect(readFileSync(path, 'utf8')).toBe('# Benchmark results\n\n## Executor\n\nfast\n\n## Audit\n\nnew\n\n## Parser\n\nquick\n');
    rmSync(dir, { recursive: true, force: true });
  });
});
