import { copyFile, mkdir, rename } from 'fs/promises';
import * as path from 'path';
import { seedTenantStatePath } from './voiceops-modules';

export interface SimulatedTenantLocation {
  tenantStatePath: string;
  powershellModulesDir: string;
}

/** Replaces the simulated tenant's state with the seed, atomically: a copy beside it is renamed over it. */
export async function resetSimulatedTenant({ tenantStatePath, powershellModulesDir }: SimulatedTenantLocation): Promise<void> {
  await mkdir(path.dirname(tenantStatePath), { recursive: true });
  const temporary = `${tenantStatePath}.${process.pid}.${Date.now()}.tmp`;
  await copyFile(seedTenantStatePath(powershellModulesDir), temporary);
  await rename(temporary, tenantStatePath);
}
