import { accessSync, constants, statSync } from 'fs';
import { homedir } from 'os';
import * as path from 'path';

export type PwshEnvironment = Readonly<Record<string, string | undefined>>;

/**
 * Finds pwsh: env VOICEOPS_PWSH, else `pwsh` on PATH, else where scripts/install-pwsh.sh puts it when PATH does not
 * name that place yet (`$HOME/.dotnet/tools/pwsh`, the .NET global tool; `$HOME/.local/bin/pwsh`, our engine host);
 * undefined when none exists.
 * The environment is passed in so that only the config module (and tests) read `process.env`.
 */
export function resolvePwshPath(env: PwshEnvironment, isExecutable: (file: string) => boolean = isExecutableFile): string | undefined {
  const explicit = env.VOICEOPS_PWSH?.trim();
  if (explicit) return explicit;

  const names = process.platform === 'win32' ? ['pwsh.exe'] : ['pwsh'];
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (!directory) continue;
    for (const name of names) {
      const candidate = path.join(directory, name);
      if (isExecutable(candidate)) return candidate;
    }
  }

  const home = env.HOME || homedir();
  const installed = [path.join(home, '.dotnet', 'tools', 'pwsh'), path.join(home, '.local', 'bin', 'pwsh')];
  return installed.find(isExecutable);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
