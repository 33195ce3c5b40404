import { SimulatedTenantConnection } from '../../src/adapters/tenant-connection';
import { buildDispatchLine, buildSessionStartCommand, parseEnvelope, refuseInvocation } from '../../src/adapters/powershell/dispatch-command';
import { resolvePwshPath } from '../../src/adapters/powershell';

const allowed = new Set(['Get-VoiceOpsVoiceState', 'Enable-VoiceOpsVoice']);

describe('the dispatch command text', () => {
  test('when arguments hold quotes, subexpressions and newlines, then the call line holds only the name and base64', () => {
    const line = buildDispatchLine('Enable-VoiceOpsVoice', { Identity: `a'"$(x)\u2019\n`, LineUri: 'tel:+14255550100' });

    expect(line).toMatch(/^Enable-VoiceOpsVoice [A-Za-z0-9+/]*={0,2}$/);
    expect(JSON.parse(Buffer.from(line.split(' ')[1], 'base64').toString('utf8'))).toEqual({ Identity: `a'"$(x)\u2019\n`, LineUri: 'tel:+14255550100' });
    expect(() => buildDispatchLine('Get-VoiceOpsVoiceState x', {})).toThrow();
  });

  test('when the session start command is built, then paths travel as base64 and the extra names are checked', async () => {
    const connect = new SimulatedTenantConnection('/tmp/m', '/tmp/\u2019state.json');
    const { modules, statements } = await connect.connectPlan();
    const text = buildSessionStartCommand({ modules: [...modules, "/tmp/it's/M.psd1"], connectStatements: statements, extraCommands: ['Get-VoiceOpsEcho'] });

    expect(text).not.toContain("it's");
    expect(text).not.toContain('\u2019');
    expect(text).toContain("Register-VoiceOpsCommand -Name 'Get-VoiceOpsEcho'");
    expect(text).toMatch(/; Initialize-VoiceOpsDispatch; \[System\.Console\]::Out\.WriteLine\(\$PID\)$/);
    expect(() => buildSessionStartCommand({ modules: [], connectStatements: [], extraCommands: ["x'; y"] })).toThrow();
  });

  test.each([
    ['a name off the allow-list', { command: 'Remove-VoiceOpsUser', arguments: {} }, 'Rejected'],
    ['an allow-listed name with a suffix', { command: 'Get-VoiceOpsVoiceState\n', arguments: {} }, 'Rejected'],
    ['an argument name with punctuation', { command: 'Get-VoiceOpsVoiceState', arguments: { 'Identity;x': 'a' } }, 'InvalidArgument'],
    ['a non-finite number', { command: 'Get-VoiceOpsVoiceState', arguments: { Identity: Number.NaN } }, 'InvalidArgument'],
    ['an object value', { command: 'Get-VoiceOpsVoiceState', arguments: { Identity: { a: 1 } } }, 'InvalidArgument'],
    ['more than a megabyte', { command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'x'.repeat(1_100_000) } }, 'InvalidArgument'],
  ])('when the invocation has %s, then it is refused', (_label, invocation, kind) => {
    expect(refuseInvocation(invocation as never, allowed)).toMatchObject({ kind });
  });

  test('when the invocation is well formed, then it is not refused', () => {
    expect(refuseInvocation({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'a@b.com', Count: 2, Flag: true, None: null } }, allowed)).toBeUndefined();
  });
});

describe('the envelope', () => {
  test.each([
    ['{"ok":true,"output":{"A":"\\u00e9"}}', { ok: true, output: { A: '\u00e9' } }],
    ['{"ok":true}', { ok: true, output: null }],
    ['{"ok":false,"error":{"kind":"NotFound","message":"m"}}', { ok: false, error: { kind: 'NotFound', message: 'm' } }],
    ['{"ok":false,"error":{"kind":"Timeout","message":"m"}}', { ok: false, error: { kind: 'Failed', message: 'm' } }],
    ['WARNING: x\n{"ok":true}', { ok: false, error: { kind: 'Failed' } }],
    ['not json', { ok: false, error: { kind: 'Failed' } }],
    ['', { ok: false, error: { kind: 'Failed' } }],
  ])('when pwsh prints %j, then it reads as %j', (raw, expected) => {
    expect(parseEnvelope(raw)).toMatchObject(expected);
  });
});

describe('finding pwsh', () => {
  const exists = (files: string[]) => (file: string) => files.includes(file);

  test('when VOICEOPS_PWSH is set, then it wins', () => {
    expect(resolvePwshPath({ VOICEOPS_PWSH: '/opt/pwsh', PATH: '/usr/bin', HOME: '/home/u' }, exists(['/usr/bin/pwsh']))).toBe('/opt/pwsh');
  });

  test('when pwsh is on PATH, then that one is used before ~/.local/bin', () => {
    expect(resolvePwshPath({ PATH: '/a:/usr/bin', HOME: '/home/u' }, exists(['/usr/bin/pwsh', '/home/u/.local/bin/pwsh']))).toBe('/usr/bin/pwsh');
  });

  test('when only ~/.local/bin/pwsh exists, then it is used', () => {
    expect(resolvePwshPath({ PATH: '/a', HOME: '/home/u' }, exists(['/home/u/.local/bin/pwsh']))).toBe('/home/u/.local/bin/pwsh');
  });

  test('when the .NET global tool is installed but not on PATH, then it is used before ~/.local/bin', () => {
    const tool = '/home/u/.dotnet/tools/pwsh';
    expect(resolvePwshPath({ PATH: '/a', HOME: '/home/u' }, exists([tool, '/home/u/.local/bin/pwsh']))).toBe(tool);
  });

  test('when no pwsh exists, then the answer is undefined', () => {
    expect(resolvePwshPath({ PATH: '/a', HOME: '/home/u' }, exists([]))).toBeUndefined();
  });
});
