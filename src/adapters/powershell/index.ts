export { PowerShellSessionPool } from './powershell-session-pool';
export type { PowerShellPoolExtension, PowerShellPoolLogger, PowerShellPoolStats, PowerShellSessionPoolOptions } from './powershell-session-pool';
export { VOICEOPS_COMMANDS, COMMAND_NAME_PATTERN } from './dispatch-command';
export { resolvePwshPath } from './resolve-pwsh-path';
export { pwshEnvironment } from './pwsh-environment';
export { findModulesDir, seedTenantStatePath } from './voiceops-modules';
export { resetSimulatedTenant } from './reset-simulated-tenant';
