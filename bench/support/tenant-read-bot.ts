import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler } from 'botbuilder';
import { PowerShell } from 'node-powershell';
import { pwshEnvironment } from '../../src/adapters/powershell/pwsh-environment';
import { resetSimulatedTenant } from '../../src/adapters/powershell/reset-simulated-tenant';
import { resolvePwshPath } from '../../src/adapters/powershell/resolve-pwsh-path';
import { findModulesDir, voiceOpsModulePaths } from '../../src/adapters/powershell/voiceops-modules';
import { serveBareBot } from './bare-bot-server';

/**
 * The second baseline: the echo bot plus the tenant read a bare chat-ops bot would make for `check voice <upn>` (and
 * for `enable voice <upn> …`, whose request card shows the user's current state):
 * the same read function against its own copy of the simulated tenant, through two warm pwsh sessions
 * (node-powershell, as voiceops uses), the JSON sent back as text. No parsing, validation, storage, audit, card or
 * localisation: set against voiceops it isolates what those cost on top of the framework and the PowerShell round trip.
 * Other messages are echoed.
 */
const SESSIONS = 2;
const modulesDir = findModulesDir(__dirname);
const tenantStatePath = join(mkdtempSync(join(tmpdir(), 'voiceops-bench-baseline-')), 'tenant.json');

async function startShell(): Promise<PowerShell> {
  const shell = new PowerShell({
    executable: resolvePwshPath(process.env) ?? 'pwsh',
    executableOptions: { '-NoProfile': true, '-NonInteractive': true },
    spawnOptions: { env: pwshEnvironment(process.env) },
    throwOnInvocationError: false,
  });
  const modules = [join(modulesDir, 'SimulatedTenant', 'SimulatedTenant.psd1'), ...voiceOpsModulePaths(modulesDir)];
  await shell.invoke(
    [...modules.map((m) => `Import-Module -Name '${m}' -ErrorAction Stop`), `$null = Connect-VoiceOpsSimulatedTenant -StatePath '${tenantStatePath}'`].join('; '),
  );
  return shell;
}

async function main(): Promise<void> {
  await resetSimulatedTenant({ tenantStatePath, powershellModulesDir: modulesDir });
  const shells = await Promise.all(Array.from({ length: SESSIONS }, startShell));
  const idle = [...shells];
  const waiting: Array<(shell: PowerShell) => void> = [];
  const readUser = async (upn: string): Promise<string> => {
    const shell = idle.pop() ?? (await new Promise<PowerShell>((resolve) => waiting.push(resolve)));
    try {
      // Only a UPN of plain characters gets here (the pattern below), so quoting it cannot break out of the string.
      return (await shell.invoke(`Get-VoiceOpsVoiceState -Identity '${upn}' | ConvertTo-Json -Compress -Depth 4`)).raw;
    } finally {
      const next = waiting.shift();
      if (next) next(shell);
      else idle.push(shell);
    }
  };

  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const text = context.activity.text ?? '';
    const voice = /^(?:check|enable) voice ([A-Za-z0-9._-]+@[A-Za-z0-9.-]+)(?:\s|$)/.exec(text);
    await context.sendActivity(voice ? await readUser(voice[1]) : `You said: ${text}`);
    await next();
  });
  serveBareBot(bot, 'tenant read bot', async () => {
    await Promise.all(shells.map((shell) => shell.dispose()));
  });
}

void main();
