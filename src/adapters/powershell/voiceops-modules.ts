import { existsSync } from 'fs';
import * as path from 'path';

const DISPATCH_MANIFEST = path.join('VoiceOps.Dispatch', 'VoiceOps.Dispatch.psd1');

/** The voiceops modules every session imports after its tenant's modules, in import order. */
export function voiceOpsModulePaths(modulesDir: string): string[] {
  return [path.join(modulesDir, 'VoiceOps.Operations', 'VoiceOps.Operations.psd1'), path.join(modulesDir, DISPATCH_MANIFEST)];
}

/** Finds the repository's `powershell/` folder from the source tree or from `dist/`. */
export function findModulesDir(startDir: string = __dirname): string {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'powershell');
    if (existsSync(path.join(candidate, DISPATCH_MANIFEST))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no powershell/ folder with ${DISPATCH_MANIFEST} above ${startDir}`);
  }
}

/** The seed state of the simulated tenant (seven contoso.com users). */
export function seedTenantStatePath(modulesDir: string): string {
  return path.join(modulesDir, 'SimulatedTenant', 'seed-tenant.json');
}
