import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { PowerShell } from 'node-powershell';
import * as restify from 'restify';
import { pwshEnvironment } from '../../src/adapters/powershell/pwsh-environment';
import { resetSimulatedTenant } from '../../src/adapters/powershell/reset-simulated-tenant';
import { resolvePwshPath } from '../../src/adapters/powershell/resolve-pwsh-path';
import { findModulesDir, voiceOpsModulePaths } from '../../src/adapters/powershell/voiceops-modules';

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
  const idle = await Promise.all(Array.from({ length: SESSIONS }, startShell));
  const waiting: Array<(shell: PowerShell) => void> = [];
  const readUser = async (upn: string): Promise<string> => {
    const shell = idle.pop() ?? (await new Promise<PowerShell>((resolve) => waiting.push(resolve)));
    try {
      // The bench sends only its own fixed, well-formed UPN; a real bot would have to check it before quoting it.
      return (await shell.invoke(`Get-VoiceOpsVoiceState -Identity '${upn}' | ConvertTo-Json -Compress -Depth 4`)).raw;
    } finally {
      const next = waiting.shift();
      if (next) next(shell);
      else idle.push(shell);
    }
  };

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    const text = context.activity.text ?? '';
    const voice = /^(?:check|enable) voice (\S+@\S+)/.exec(text);
    await context.sendActivity(voice ? await readUser(voice[1]) : `You said: ${text}`);
    await next();
  });
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ message: 'tenant read bot listening', url: `http://127.0.0.1:${port}/api/messages` })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(() => void Promise.all(idle.map((shell) => shell.dispose())).finally(() => process.exit(0)));
  });
}

void main();
