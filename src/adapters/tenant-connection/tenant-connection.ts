/** How a new pwsh session reaches the tenant: which modules it imports and the statements that connect it. */
export interface SessionConnectPlan {
  /** Modules to import (a manifest path, or a module name on PSModulePath), before the voiceops modules. */
  modules: string[];
  /** Fixed PowerShell statements; any value in them is a dataLiteral, never text spliced into source. */
  statements: string[];
  /** When the credentials inside the statements stop working (ms since epoch); the pool retires sessions before. */
  expiresAt?: number;
}

export interface TenantConnection {
  /** Shown in logs and stats; holds no secret. */
  readonly description: string;
  /** The connect step for one new session; a real tenant fetches (or reuses cached) tokens here. */
  connectPlan(): Promise<SessionConnectPlan>;
}
