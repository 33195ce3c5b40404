import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import {
  findModulesDir,
  PowerShellSessionPool,
  resolvePwshPath,
  seedTenantStatePath,
  type PowerShellSessionPoolOptions,
} from '../../../src/adapters/powershell';
import { readTenantState, updateTenantState } from '../../support/tenant-state';

/** The pwsh these tests run against (env VOICEOPS_PWSH, PATH, ~/.local/bin), if any. */
export const pwshPath = resolvePwshPath(process.env);

/** Skips without pwsh on a developer machine; on CI a missing pwsh must fail, so the suite runs and fails. */
export const describeWithPwsh: jest.Describe = pwshPath || process.env.CI ? describe : describe.skip;

export const TEST_HELPERS_MODULE = path.join(__dirname, '..', 'fixtures', 'VoiceOps.TestHelpers', 'VoiceOps.TestHelpers.psd1');
export const TEST_COMMANDS = [
  'Get-VoiceOpsEcho',
  'Start-VoiceOpsSleep',
  'Stop-VoiceOpsProcess',
  'Get-VoiceOpsCommandParameters',
  'Set-VoiceOpsRawLineUri',
  'Get-VoiceOpsRawOnlineUser',
] as const;

export interface TenantUser {
  ObjectId: string;
  UserPrincipalName: string;
  EnterpriseVoiceEnabled: boolean;
  HostedVoiceMail: boolean;
  VoicePolicy: string;
  LineURI: string;
  OnPremLineURI: string;
  [field: string]: unknown;
}

export interface TenantState {
  settings: { latencyMs: number; throttleEveryN: number };
  users: TenantUser[];
  [section: string]: unknown;
}

/** A scratch directory under the OS temp dir holding a copy of the seed tenant. */
export class ScratchTenant {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'voiceops-pwsh-'));
  readonly statePath = path.join(this.dir, 'tenant.json');

  constructor() {
    writeFileSync(this.statePath, readFileSync(seedTenantStatePath(findModulesDir())));
  }

  file(name: string): string {
    return path.join(this.dir, name);
  }

  read(): TenantState {
    return readTenantState(this.statePath) as TenantState;
  }

  user(upn: string): TenantUser {
    const user = this.read().users.find((candidate) => candidate.UserPrincipalName === upn);
    if (!user) throw new Error(`no ${upn} in the scratch tenant`);
    return user;
  }

  updateSettings(settings: Partial<TenantState['settings']>): void {
    updateTenantState(this.statePath, (state) => {
      state.settings = { ...state.settings, ...settings };
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A pool on the scratch tenant with the test-only helper module; fails clearly when pwsh is missing. */
export function startTestPool(tenant: ScratchTenant, options: Partial<PowerShellSessionPoolOptions> = {}): PowerShellSessionPool {
  const executable = options.pwshPath ?? pwshPath;
  if (!executable) throw new Error('pwsh not found: set VOICEOPS_PWSH, put pwsh on PATH or run scripts/install-pwsh.sh');
  return new PowerShellSessionPool({
    pwshPath: executable,
    tenantStatePath: tenant.statePath,
    size: 1,
    defaultTimeoutMs: 30_000,
    extensions: [{ modulePath: TEST_HELPERS_MODULE, commands: TEST_COMMANDS }],
    ...options,
  });
}

/** Whether a process id is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
