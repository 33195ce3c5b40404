import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTenantState, type TenantState, updateTenantState } from '../../support/tenant-state';

const SEED = join(__dirname, '..', '..', '..', 'powershell', 'SimulatedTenant', 'seed-tenant.json');

export interface TenantShape {
  users: number;
  latencyMs?: number;
  /** Count every service call in runtime.callCount. Each call then takes the tenant's file lock: keep it for small runs. */
  countCalls?: boolean;
}

export function upnOf(index: number): string {
  return `voice${String(index).padStart(3, '0')}@contoso.com`;
}

/**
 * A simulated tenant with `users` voice-ready users cloned from the seed's alice. With countCalls, throttleEveryN is
 * set so high it never throttles, but it makes the tenant count every service call: an exact tally of calls.
 */
export function writeTenant(path: string, shape: TenantShape): void {
  const seed = JSON.parse(readFileSync(SEED, 'utf8'));
  const template = seed.users.find((u: any) => u.UserPrincipalName === 'alice@contoso.com');
  const users = Array.from({ length: shape.users }, (_, i) => {
    const upn = upnOf(i);
    return {
      ...template,
      ObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      UserPrincipalName: upn,
      Alias: upn.split('@')[0],
      DisplayName: `Voice User ${i}`,
      SipAddress: `sip:${upn}`,
    };
  });
  seed.users = users;
  seed.settings = { latencyMs: shape.latencyMs ?? 0, throttleEveryN: shape.countCalls ? 1_000_000_000 : 0 };
  seed.runtime = { callCount: 0 };
  writeFileSync(path, `${JSON.stringify(seed, null, 2)}\n`);
}

export const readTenant = (path: string): TenantState => readTenantState(path);

export function setLatency(path: string, latencyMs: number): void {
  updateTenantState(path, (state) => {
    state.settings.latencyMs = latencyMs;
  });
}
