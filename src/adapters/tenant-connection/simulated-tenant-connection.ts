import * as path from 'path';
import { dataLiteral } from '../powershell/powershell-literal';
import type { SessionConnectPlan, TenantConnection } from './tenant-connection';

/** The default: the SimulatedTenant module over a JSON state file, connected without credentials. */
export class SimulatedTenantConnection implements TenantConnection {
  readonly description: string;

  constructor(
    private readonly modulesDir: string,
    private readonly tenantStatePath: string,
  ) {
    this.description = `simulated tenant at ${tenantStatePath}`;
  }

  async connectPlan(): Promise<SessionConnectPlan> {
    return {
      modules: [path.join(this.modulesDir, 'SimulatedTenant', 'SimulatedTenant.psd1')],
      statements: [`$null = Connect-VoiceOpsSimulatedTenant -StatePath ${dataLiteral(this.tenantStatePath)} -ErrorAction Stop`],
    };
  }
}
