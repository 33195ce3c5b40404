import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModulesDir, PowerShellSessionPool, resolvePwshPath, seedTenantStatePath } from '../../src/adapters/powershell';
import { TenantChoiceSource } from '../../src/cards/choice-source';
import { allowedCommands } from '../../src/domain/operations/catalog';

// Choice sets are read from the tenant through the real executor, with a read-only call on the allow-list.
describe('choices read from the tenant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-choices-'));
  const tenantPath = join(dir, 'tenant.json');
  let pool: PowerShellSessionPool;

  beforeAll(() => {
    writeFileSync(tenantPath, readFileSync(seedTenantStatePath(findModulesDir())));
    const pwshPath = resolvePwshPath(process.env);
    if (!pwshPath) throw new Error('pwsh not found: run scripts/install-pwsh.sh or set VOICEOPS_PWSH');
    pool = new PowerShellSessionPool({ pwshPath, tenantStatePath: tenantPath, size: 1, defaultTimeoutMs: 30_000, allowedCommands: allowedCommands() });
  });

  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a listing becomes choices, is cached, and a type without a listing or a failed read gives none', async () => {
    let now = 0;
    const source = new TenantChoiceSource(
      pool,
      {
        person: { call: { command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'alice@contoso.com' } }, titleField: 'DisplayName', valueField: 'UserPrincipalName' },
        missing: { call: { command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'nobody@contoso.com' } }, titleField: 'DisplayName', valueField: 'UserPrincipalName' },
      },
      { now: () => now },
    );
    const choices = await source.choicesFor('person');
    expect(choices).toEqual([{ title: expect.stringMatching(/Alice/), value: 'alice@contoso.com' }]);
    // Cached: the tenant file can vanish and the answer stays, until the cache ages out.
    rmSync(tenantPath);
    expect(await source.choicesFor('person')).toEqual(choices);
    now += 10 * 60_000;
    expect(await source.choicesFor('person')).toBeUndefined();
    expect(await source.choicesFor('missing')).toBeUndefined();
    expect(await source.choicesFor('upn')).toBeUndefined();
  });
});
