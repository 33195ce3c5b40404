import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { pwshEnvironment, resolvePwshPath } from '../../src/adapters/powershell';

/** The version of the pwsh the benchmarks run, as PowerShell reports it. */
export function pwshVersion(): string {
  const pwsh = resolvePwshPath(process.env);
  if (!pwsh) throw new Error('pwsh not found: set VOICEOPS_PWSH, put pwsh on PATH or run scripts/install-pwsh.sh');
  return execFileSync(pwsh, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { env: pwshEnvironment(process.env) })
    .toString()
    .trim();
}

/** The "Machine:" line every benchmark's output starts with. */
export function machineLine(): string {
  return `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, pwsh ${pwshVersion()}`;
}
