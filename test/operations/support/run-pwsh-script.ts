import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findModulesDir, pwshEnvironment, resolvePwshPath, seedTenantStatePath } from '../../../src/adapters/powershell';

export const pwshPath = resolvePwshPath(process.env);
export const modulesDir = findModulesDir();

/** Skips without pwsh on a developer machine; on CI a missing pwsh must fail. */
export const describeWithPwsh: jest.Describe = pwshPath || process.env.CI ? describe : describe.skip;

/**
 * Runs a fixed script in a fresh real pwsh with the simulated tenant imported and connected to a scratch copy of the
 * seed, and parses the one JSON document it writes. Paths travel in environment variables, never in the script text.
 */
export function runPwshScript(body: string): unknown {
  if (!pwshPath) throw new Error('pwsh not found: set VOICEOPS_PWSH, put pwsh on PATH or run scripts/install-pwsh.sh');
  const dir = mkdtempSync(path.join(tmpdir(), 'voiceops-ops-'));
  const statePath = path.join(dir, 'tenant.json');
  copyFileSync(seedTenantStatePath(modulesDir), statePath);
  const script = [
    "$ErrorActionPreference = 'Stop'",
    "Import-Module ([System.IO.Path]::Combine($env:VOICEOPS_TEST_MODULES, 'SimulatedTenant', 'SimulatedTenant.psd1'))",
    ". ([System.IO.Path]::Combine($env:VOICEOPS_TEST_MODULES, 'Shared', 'VoiceOps.Json.ps1'))",
    '$null = Connect-VoiceOpsSimulatedTenant -StatePath $env:VOICEOPS_TEST_STATE',
    body,
  ].join('\n');
  try {
    // A file, not stdin: with `-Command -` pwsh reads stdin line by line as if typed, and a statement spanning lines
    // runs only after a blank line.
    const scriptPath = path.join(dir, 'probe.ps1');
    writeFileSync(scriptPath, script);
    const result = spawnSync(pwshPath, ['-NoProfile', '-NonInteractive', '-File', scriptPath], {
      encoding: 'utf8',
      env: pwshEnvironment(process.env, { VOICEOPS_TEST_MODULES: modulesDir, VOICEOPS_TEST_STATE: statePath }),
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`pwsh exited ${result.status}: ${result.stderr}${result.stdout}`);
    return JSON.parse(result.stdout.trim().split(/\r?\n/).pop() as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
