import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModulesDir, seedTenantStatePath } from '../../src/adapters/powershell';

/** A bulk test user's UPN: user01@contoso.com, user02@contoso.com, … */
export const bulkUser = (n: number) => `user${String(n).padStart(2, '0')}@contoso.com`;

/**
 * Writes the simulated tenant's state before the bot starts: the seed, plus `extraUsers` licensed users made from
 * alice's record, plus any per-user changes. The simulated tenant seeds the file only when it is absent.
 */
export function writeBulkTenant(
  dataDir: string,
  options: { extraUsers: number; latencyMs?: number; users?: Record<string, Record<string, unknown>>; upn?: (n: number) => string },
): string {
  const statePath = join(dataDir, 'tenant.json');
  const seed = JSON.parse(readFileSync(seedTenantStatePath(findModulesDir()), 'utf8'));
  const alice = seed.users.find((u: { UserPrincipalName: string }) => u.UserPrincipalName === 'alice@contoso.com');
  const upn = options.upn ?? bulkUser;
  for (let n = 1; n <= options.extraUsers; n += 1) {
    const name = upn(n);
    const alias = name.split('@')[0];
    seed.users.push({
      ...alice,
      ObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      UserPrincipalName: name,
      Alias: alias,
      DisplayName: `Bulk ${alias}`,
      SipAddress: `sip:${name}`,
    });
  }
  for (const [name, changes] of Object.entries(options.users ?? {})) {
    const user = seed.users.find((u: { UserPrincipalName: string }) => u.UserPrincipalName === name);
    if (!user) throw new Error(`${name} is not in the bulk tenant`);
    Object.assign(user, changes);
  }
  seed.settings = { ...seed.settings, latencyMs: options.latencyMs ?? 0 };
  writeFileSync(statePath, JSON.stringify(seed, null, 2));
  return statePath;
}
