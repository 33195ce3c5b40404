import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findModulesDir, pwshEnvironment, seedTenantStatePath } from '../../src/adapters/powershell';
import { generatedTenantState, sampleJsonTexts } from './support/json-corpus';
import { describeWithPwsh, pwshPath } from './support/pwsh-fixture';

/**
 * ConvertFrom-VoiceOpsJson and ConvertTo-VoiceOpsJson were rewritten without per-node function calls. This compares
 * them with the first, recursive version (test/powershell/fixtures/json-reference) in one real pwsh: result types and
 * values, JSON text (compact, -Pretty, several depths, also for custom objects, hashtables, lists and non-JSON scalars)
 * and error messages must be identical. It prints both versions' timings; it does not assert on them.
 */
const COMPARE_SCRIPT = path.join(__dirname, 'fixtures', 'json-reference', 'Compare-VoiceOpsJson.ps1');
const RANDOM_SEED = 20261123;
const RANDOM_COUNT = 400;

interface CompareReport {
  compared: number;
  texts: number;
  mismatchCount: number;
  mismatches: string[];
  timings: string[];
}

function compare(texts: string[], measureRounds: number): CompareReport {
  if (!pwshPath) throw new Error('pwsh not found: set VOICEOPS_PWSH, put pwsh on PATH or run scripts/install-pwsh.sh');
  const dir = mkdtempSync(path.join(tmpdir(), 'voiceops-json-'));
  try {
    const corpusPath = path.join(dir, 'corpus.txt');
    writeFileSync(corpusPath, texts.map((text) => `b64:${Buffer.from(text, 'utf8').toString('base64')}`).join('\n'));
    const result = spawnSync(
      pwshPath,
      ['-NoProfile', '-NonInteractive', '-File', COMPARE_SCRIPT, '-CorpusPath', corpusPath, '-ModulesPath', findModulesDir(), '-MeasureRounds', String(measureRounds)],
      { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024, env: pwshEnvironment(process.env) },
    );
    if (result.status !== 0) throw new Error(`pwsh exited ${result.status}: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout.trim().split(/\r?\n/).pop() as string) as CompareReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describeTimings(labels: string[], timings: string[]): string {
  return timings
    .map((line, index) => {
      const [length, oldRead, newRead, oldWrite, newWrite] = line.split('|').map(Number);
      const ratio = (before: number, after: number) => `${before.toFixed(1)} ms -> ${after.toFixed(1)} ms (${(before / after).toFixed(0)}x)`;
      return `${labels[index]} (${length} chars): read ${ratio(oldRead, newRead)}, write -Pretty ${ratio(oldWrite, newWrite)}`;
    })
    .join('\n');
}

describeWithPwsh('VoiceOps.Json.ps1 against its first version', () => {
  const seedText = readFileSync(seedTenantStatePath(findModulesDir()), 'utf8');
  const bigStateText = generatedTenantState(seedText, 1000);

  it('reads and writes the seed state and a 1,000-user state exactly as before, and is faster', () => {
    const report = compare([seedText, bigStateText], 5);

    expect(report.mismatches).toEqual([]);
    expect(report.mismatchCount).toBe(0);
    expect(report.texts).toBe(2);
    expect(report.timings).toHaveLength(2);
    // Measured, not asserted: printed so a run shows the before/after on its machine.
    console.log(`JSON helpers, median of 5 warm rounds, old -> new:\n${describeTimings(['seed state', '1,000-user state'], report.timings)}`);
  }, 600_000);

  it(`gives identical types, text and errors on ${RANDOM_COUNT} random JSON texts (fast-check seed ${RANDOM_SEED})`, () => {
    const texts = sampleJsonTexts(RANDOM_SEED, RANDOM_COUNT);
    const report = compare(texts, 0);

    expect(report.mismatches).toEqual([]);
    expect(report.mismatchCount).toBe(0);
    expect(report.texts).toBe(RANDOM_COUNT);
    // Each valid text is parsed and written several ways, plus the fixed non-JSON values: far more than one check each.
    expect(report.compared).toBeGreaterThan(RANDOM_COUNT * 4);
  }, 600_000);
});
