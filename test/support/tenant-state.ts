import {
  readSimulatedTenantState,
  readSimulatedTenantUser,
  writeSimulatedTenantState,
  type SimulatedTenantState,
} from '../../src/adapters/simulated-tenant/tenant-state-file';

/**
 * The one way tests look at or set up the simulated tenant on disk: its users live in shard files beside the state
 * file (powershell/SimulatedTenant/TenantStore.ps1), so reading the state file alone does not show them.
 */
export type TenantState = SimulatedTenantState;

/** The whole tenant as one document, users included, in tenant order. */
export const readTenantState = (statePath: string): TenantState => readSimulatedTenantState(statePath);

/** Replaces the whole tenant; the simulated tenant imports it on its next call. */
export const writeTenantState = (statePath: string, state: TenantState): void => writeSimulatedTenantState(statePath, state);

/** Reads, changes and writes back the whole tenant (between operations, not during one). */
export function updateTenantState(statePath: string, change: (state: TenantState) => void): void {
  const state = readTenantState(statePath);
  change(state);
  writeTenantState(statePath, state);
}

/** One user as the simulated tenant keeps it on disk. */
export function tenantUser(statePath: string, upn: string): Record<string, unknown> {
  const user = readSimulatedTenantUser(statePath, upn);
  if (!user) throw new Error(`${upn} is not in the simulated tenant at ${statePath}`);
  return user;
}
