import { existsSync } from 'fs';
import { buildDispatchLine, buildSessionStartCommand, parseEnvelope } from '../../src/adapters/powershell/dispatch-command';
import { PowerShellSession, type SessionRunResult } from '../../src/adapters/powershell/powershell-session';
import { findModulesDir } from '../../src/adapters/powershell';
import { voiceOpsModulePaths } from '../../src/adapters/powershell/voiceops-modules';
import { SimulatedTenantConnection } from '../../src/adapters/tenant-connection';
import { describeWithPwsh, pwshPath, ScratchTenant, TEST_COMMANDS, TEST_HELPERS_MODULE } from './support/pwsh-fixture';

/** The envelope a session's answer holds; anything but a completed call fails the test with what came back. */
function envelopeOf(result: SessionRunResult): ReturnType<typeof parseEnvelope> {
  if (result.kind !== 'completed') throw new Error(`the call did not complete: ${JSON.stringify(result)}`);
  return parseEnvelope(result.stdout);
}

describeWithPwsh('a call framed as data (Invoke-VoiceOpsFramedCall)', () => {
  let tenant: ScratchTenant;
  let session: PowerShellSession;

  beforeAll(async () => {
    tenant = new ScratchTenant();
    const modulesDir = findModulesDir();
    const plan = await new SimulatedTenantConnection(modulesDir, tenant.statePath).connectPlan();
    session = await PowerShellSession.start({
      pwshPath: pwshPath ?? 'pwsh',
      startCommand: buildSessionStartCommand({
        modules: [...plan.modules, ...voiceOpsModulePaths(modulesDir), TEST_HELPERS_MODULE],
        connectStatements: plan.statements,
        extraCommands: [...TEST_COMMANDS],
      }),
      startTimeoutMs: 60_000,
      maxOutputBytes: 2 * 1024 ** 2,
    });
  }, 90_000);

  afterAll(async () => {
    await session?.dispose();
    tenant?.remove();
  });

  test('when the line is an allow-listed name and base64 arguments, then its envelope comes back', async () => {
    const result = await session.call(buildDispatchLine('Get-VoiceOpsEcho', { Value: "it's $(done)\u2019" }), 30_000);

    expect(envelopeOf(result)).toEqual({ ok: true, output: "it's $(done)\u2019" });
  });

  test.each([
    ['a subexpression for arguments', (marker: string) => `Get-VoiceOpsEcho $(New-Item -ItemType File -Path '${marker}')`],
    ['a statement after the base64', (marker: string) => `Get-VoiceOpsEcho e30=; New-Item -ItemType File -Path '${marker}'`],
    ['a command of its own', (marker: string) => `New-Item -ItemType File -Path '${marker}'`],
    ['a name off the allow-list', () => `Remove-VoiceOpsEverything ${Buffer.from('{}').toString('base64')}`],
    ['nothing', () => ''],
  ])('when the line holds %s, then nothing runs, the call is rejected and the session goes on', async (_label, lineFor) => {
    const marker = tenant.file(`ran-${Math.random().toString(36).slice(2)}`);

    const result = await session.call(lineFor(marker), 30_000);

    expect(envelopeOf(result)).toMatchObject({ ok: false, error: { kind: 'Rejected' } });
    expect(existsSync(marker)).toBe(false);
    expect(envelopeOf(await session.call(buildDispatchLine('Get-VoiceOpsEcho', { Value: 'next' }), 30_000))).toEqual({ ok: true, output: 'next' });
  });

  test('when a line would span two lines, then it is refused before anything is sent', async () => {
    await expect(session.call(`Get-VoiceOpsEcho e30=\nNew-Item x`, 30_000)).rejects.toThrow(/one line/);
  });

  test('when script calls and data calls alternate, then each gets its own output', async () => {
    const outputs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const script = await session.run(`[System.Console]::Out.WriteLine('script ${i}')`, 30_000);
      outputs.push(script.kind === 'completed' ? script.stdout.trim() : JSON.stringify(script));
      const data = envelopeOf(await session.call(buildDispatchLine('Get-VoiceOpsEcho', { Value: `data ${i}` }), 30_000));
      outputs.push(data.ok ? String(data.output) : JSON.stringify(data));
    }

    expect(outputs).toEqual(['script 0', 'data 0', 'script 1', 'data 1', 'script 2', 'data 2']);
  });
});
