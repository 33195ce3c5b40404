import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findModulesDir, pwshEnvironment } from '../../src/adapters/powershell';
import { bulkUser, writeBulkTenant } from '../bulk/bulk-tenant';
import { readTenantState, updateTenantState } from '../support/tenant-state';
import { describeWithPwsh, pwshPath } from './support/pwsh-fixture';

const PROCESSES = 4;
const NUMBERS = 12;
const numberOf = (k: number) => `tel:+1425555${7000 + k}`;

/**
 * One racer: waits for the common start, then for number k gives it to its own user (k-1)*PROCESSES + racer + 1, so
 * every number is wanted by PROCESSES users in PROCESSES processes at once. Then racer 0 renames user01 and the
 * others look for the new name until it answers (their index of names was loaded before the rename).
 */
const RACER = String.raw`
$ErrorActionPreference = 'Stop'
Import-Module ([System.IO.Path]::Combine($env:VOICEOPS_TEST_MODULES, 'SimulatedTenant', 'SimulatedTenant.psd1'))
. ([System.IO.Path]::Combine($env:VOICEOPS_TEST_MODULES, 'Shared', 'VoiceOps.Json.ps1'))
$null = Connect-VoiceOpsSimulatedTenant -StatePath $env:VOICEOPS_TEST_STATE
$racer = [int]$env:VOICEOPS_RACER
$null = Get-CsOnlineUser -Identity 'user01@contoso.com'
while ([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() -lt [long]$env:VOICEOPS_RACE_START) { Start-Sleep -Milliseconds 5 }
$claims = @(for ($k = 1; $k -le [int]$env:VOICEOPS_RACE_NUMBERS; $k++) {
    $user = 'user{0:d2}@contoso.com' -f (($k - 1) * [int]$env:VOICEOPS_RACE_PROCESSES + $racer + 1)
    try { Set-CsUser -Identity $user -EnterpriseVoiceEnabled $true -OnPremLineURI ('tel:+1425555{0}' -f (7000 + $k)); 'ok' }
    catch { [string]$_.CategoryInfo.Category }
})
$renamedTo = ''
if ($racer -eq 0) { Update-MgUser -UserId 'user01@contoso.com' -DisplayName 'Renamed One' }
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (-not $renamedTo -and [DateTime]::UtcNow -lt $deadline) {
    try { $renamedTo = [string](Get-CsOnlineUser -Identity 'Renamed One').UserPrincipalName } catch { Start-Sleep -Milliseconds 50 }
}
[System.Console]::Out.WriteLine((ConvertTo-VoiceOpsJson -InputObject ([ordered]@{ claims = $claims; renamedTo = $renamedTo })))
`;

function runRacer(statePath: string, racer: number, start: number): Promise<{ claims: string[]; renamedTo: string }> {
  return new Promise((resolve, reject) => {
    // A file, not stdin: with `-Command -` pwsh runs a statement spanning lines only after a blank line.
    const scriptPath = join(dirname(statePath), 'racer.ps1');
    writeFileSync(scriptPath, RACER);
    const child = spawn(pwshPath as string, ['-NoProfile', '-NonInteractive', '-File', scriptPath], {
      env: pwshEnvironment(process.env, {
        VOICEOPS_TEST_MODULES: findModulesDir(),
        VOICEOPS_TEST_STATE: statePath,
        VOICEOPS_RACER: String(racer),
        VOICEOPS_RACE_START: String(start),
        VOICEOPS_RACE_NUMBERS: String(NUMBERS),
        VOICEOPS_RACE_PROCESSES: String(PROCESSES),
      }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`racer ${racer} exited ${code}: ${stderr}${stdout}`));
      else resolve(JSON.parse(stdout.trim().split(/\r?\n/).pop() as string));
    });
  });
}

describeWithPwsh('the simulated tenant shared by several pwsh processes', () => {
  let dir: string;
  let statePath: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceops-store-'));
    statePath = writeBulkTenant(dir, { extraUsers: PROCESSES * NUMBERS });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('when processes give one number to different users at once, then exactly one user gets it and the others are refused; a rename is found by every process', async () => {
    // Start-up of four pwsh processes on a busy machine takes seconds; all of them start racing at the same instant.
    const start = Date.now() + 15_000;
    const racers = await Promise.all(Array.from({ length: PROCESSES }, (_, racer) => runRacer(statePath, racer, start)));

    const state = readTenantState(statePath);
    for (let k = 1; k <= NUMBERS; k += 1) {
      const holders = state.users.filter((u) => u.OnPremLineURI === numberOf(k) || u.LineURI === numberOf(k));
      expect(holders).toHaveLength(1);
      const outcomes = racers.map((r) => r.claims[k - 1]);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'ResourceExists')).toHaveLength(PROCESSES - 1);
      const winner = outcomes.indexOf('ok');
      expect(holders[0].UserPrincipalName).toBe(bulkUser((k - 1) * PROCESSES + winner + 1));
    }
    expect(racers.map((r) => r.renamedTo)).toEqual(Array(PROCESSES).fill(bulkUser(1)));
  }, 180_000);

  test('the state file keeps the tenant-wide sections; the users are in the user store beside it, and a whole tenant written back is imported', async () => {
    const onDisk = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(onDisk.users).toBeUndefined();
    expect(existsSync(join(`${statePath}.store`, onDisk.userStore.generation))).toBe(true);

    updateTenantState(statePath, (state) => {
      state.users.find((u) => u.UserPrincipalName === bulkUser(2))!.Department = 'Imported';
    });
    const [racer] = await Promise.all([runRacer(statePath, 9, Date.now())]);
    expect(racer.renamedTo).toBe(bulkUser(1));
    const after = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(after.users).toBeUndefined();
    expect(after.userStore.generation).not.toBe(onDisk.userStore.generation);
    expect(readTenantState(statePath).users.find((u) => u.UserPrincipalName === bulkUser(2))?.Department).toBe('Imported');
  }, 120_000);
});
