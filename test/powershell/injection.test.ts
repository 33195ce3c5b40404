import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { findModulesDir, type PowerShellSessionPool } from '../../src/adapters/powershell';
import { describeWithPwsh, ScratchTenant, startTestPool } from './support/pwsh-fixture';

describeWithPwsh('user values cannot become PowerShell source', () => {
  // Known before the tables below are built; any injection that ran would create the marker or delete the canary.
  const evidenceDir = path.join(tmpdir(), `voiceops-injection-${process.pid}-${Date.now()}`);
  const marker = path.join(evidenceDir, 'injected');
  const canary = path.join(evidenceDir, 'canary');
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;

  beforeAll(async () => {
    mkdirSync(evidenceDir, { recursive: true });
    writeFileSync(canary, 'still here');
    tenant = new ScratchTenant();
    pool = startTestPool(tenant);
    await pool.warm();
  });

  afterAll(async () => {
    await pool?.close();
    tenant?.remove();
    rmSync(evidenceDir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(canary)).toBe(true);
  });

  const hostileValues = (): Array<[string, string]> => {
    const write = `[IO.File]::WriteAllText('${marker}','x')`;
    return [
      ['a closing single quote', `alice@contoso.com'; Remove-Item '${canary}'; '`],
      ['a subexpression', `$(New-Item -ItemType File '${marker}')`],
      ['a closing double quote', `"; ${write}; "`],
      ['curly single quotes U+2018/U+2019', `alice@contoso.com\u2019; [IO.File]::WriteAllText(\u2018${marker}\u2019,\u2018x\u2019); \u2018`],
      ['low and reversed single quotes U+201A/U+201B', `\u201A; ${write}; \u201B`],
      ['curly double quotes U+201C/U+201D', `\u201C; ${write}; \u201D`],
      ['a low double quote U+201E', `\u201E$(${write})\u201E`],
      ['backticks', '`"; ' + write + '; `$(' + write + ')`n'],
      ['CR/LF', `alice@contoso.com\r\n${write}\r\n`],
      ['a lone LF', `alice@contoso.com\n${write}`],
      ['NEL U+0085', `alice@contoso.com\u0085${write}`],
      ['LINE SEPARATOR U+2028', `alice@contoso.com\u2028${write}`],
      ['NUL', `alice@contoso.com\u0000'; ${write}`],
      ['an en dash parameter', '\u2013Confirm'],
      ['an em dash parameter with a value', '\u2014WhatIf:$true'],
      ['splatting and variables', '@PSBoundParameters ${env:HOME} $ExecutionContext'],
      ['a script block', `{ ${write} }.Invoke()`],
      ['a 64 KB string', `$(${write})'"\u2019\u201D\r\n`.repeat(2048).slice(0, 65536)],
    ];
  };

  test('when a name is not on the allow-list, then it is refused before anything is sent', async () => {
    const before = pool.stats().commandsSent;

    const outcomes = await Promise.all(
      ['Remove-VoiceOpsEverything', 'Invoke-Expression', "Get-VoiceOpsEcho'; Remove-Item x; '", 'Get-VoiceOpsVoiceState ', 'get-voiceopsvoicestate'].map(
        (command) => pool.invoke({ command, arguments: {} }),
      ),
    );

    for (const outcome of outcomes) expect(outcome).toMatchObject({ ok: false, error: { kind: 'Rejected' } });
    expect(pool.stats().commandsSent).toBe(before);
  });

  test('when an argument name is not a plain identifier, then it is refused before anything is sent', async () => {
    const before = pool.stats().commandsSent;

    const outcome = await pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { "Value'; Remove-Item x": 'v' } });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'InvalidArgument' } });
    expect(pool.stats().commandsSent).toBe(before);
  });

  test('when hostile values are given as an identity or a number, then validation rejects each and the tenant is unchanged', async () => {
    const before = tenant.read();

    for (const [, value] of hostileValues()) {
      const check = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: value } });
      const enable = await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'alice@contoso.com', LineUri: value } });
      // A list travels as one comma-separated value; each item is checked, so a hostile one cannot ride along.
      const remove = await pool.invoke({ command: 'Remove-VoiceOpsOAuthConfiguration', arguments: { Parts: `key,${value}` } });
      const removeKey = await pool.invoke({ command: 'Remove-VoiceOpsOAuthConfiguration', arguments: { Parts: 'key', CertificateThumbprint: value } });

      expect([check, enable, remove, removeKey]).toMatchObject([
        { ok: false, error: { kind: 'InvalidArgument' } },
        { ok: false, error: { kind: 'InvalidArgument' } },
        { ok: false, error: { kind: 'InvalidArgument' } },
        { ok: false, error: { kind: 'InvalidArgument' } },
      ]);
    }
    expect(tenant.read()).toEqual(before);
  });

  test.each(hostileValues())('when the echo gets %s, then the value arrives byte for byte', async (_label, value) => {
    const outcome = await pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });

    expect(outcome).toMatchObject({ ok: true, output: value });
  });

  test('when a string holds a lone surrogate, then it is refused as InvalidArgument or echoed exactly', async () => {
    const value = 'a\uD800b\uDFFFc';

    const outcome = await pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });

    if (outcome.ok) expect(outcome.output).toBe(value);
    else expect(outcome.error.kind).toBe('InvalidArgument');
  });

  test('when any unicode string is echoed, then it comes back identical and nothing is injected', async () => {
    const dangerous = fc.constantFrom("'", '"', '`', '$', '(', ')', '{', '}', ';', '@', '|', '&', '#', '<', '>', '\n', '\r', '\0',
      '\u0085', '\u00A0', '\u2028', '\u2029', '\u2013', '\u2014', '\u2015', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E');
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), fc.string({ unit: dangerous, maxLength: 16 }));
    const write = `[IO.File]::WriteAllText('${marker}','x')`;

    await fc.assert(
      fc.asyncProperty(text, text, async (before, after) => {
        const value = `${before}${write}${after}`;
        const outcome = await pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });
        expect(outcome).toMatchObject({ ok: true, output: value });
        expect(existsSync(marker)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  /** The corpus of hostile values, each alone and spliced into binary strings. */
  const hostileCorpus = (): fc.Arbitrary<string> => {
    const pieces = fc.constantFrom(
      '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E', '\u2013', '\u2014', '\u2015',
      '`', '$()', '$(', ';', '|', '\r\n', '\r', '\n', '\u0085', '\u2028', '\u0000', "'", '"', '@', '#', '&',
      `$([IO.File]::WriteAllText('${marker}','x'))`, `'; [IO.File]::WriteAllText('${marker}','x'); '`,
    );
    const spliced = fc.array(fc.oneof(pieces, fc.string({ unit: 'binary', maxLength: 24 })), { maxLength: 12 }).map((parts) => parts.join(''));
    const large = fc.tuple(pieces, fc.integer({ min: 0, max: 255 })).map(([piece, pad]) => (piece + 'a'.repeat(pad)).repeat(Math.ceil(65536 / (piece.length + pad))).slice(0, 65536));
    const plausible = fc.tuple(fc.emailAddress(), pieces, fc.boolean()).map(([email, piece, before]) => (before ? piece + email : email + piece));
    return fc.oneof({ arbitrary: spliced, weight: 4 }, { arbitrary: plausible, weight: 3 }, { arbitrary: fc.emailAddress(), weight: 2 }, { arbitrary: large, weight: 1 });
  };

  test('when any corpus or binary value is passed, then it is rejected by validation or reaches the cmdlet exactly, and never runs', async () => {
    const before = tenant.read();
    const seen = new Set<string>();

    await fc.assert(
      fc.asyncProperty(hostileCorpus(), async (value) => {
        const echoed = await pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });
        const checked = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: value } });
        seen.add(checked.ok ? 'resolved' : checked.error.kind);

        expect(echoed).toMatchObject({ ok: true, output: value });
        if (checked.ok) {
          // Only a real user's address passes validation and resolves; it resolved to that very user.
          expect(String((checked.output as { UserPrincipalName: string }).UserPrincipalName).toLowerCase()).toBe(value.toLowerCase());
        } else if (checked.error.kind === 'NotFound') {
          // The simulated Get-CsOnlineUser names the identity it was given: it arrived unaltered.
          expect(checked.error.message).toBe(`Management object not found for identity "${value}".`);
        } else {
          expect(checked.error.kind).toBe('InvalidArgument');
        }
        expect(existsSync(marker)).toBe(false);
      }),
      // Besides the random values, one of each kind, so both sides are exercised whatever the seed draws.
      { numRuns: 150, examples: [['alice@contoso.com'], ['nobody@contoso.com'], [`alice@contoso.com'; [IO.File]::WriteAllText('${marker}','x'); '`]] },
    );
    // Both sides of the property were exercised: values validation refused, and values that reached the cmdlet.
    expect([...seen].sort()).toEqual(expect.arrayContaining(['InvalidArgument', 'NotFound']));
    expect(tenant.read().users).toEqual(before.users);
  });
});

describe('the PowerShell modules', () => {
  test('when their source is searched, then no Invoke-Expression or iex appears', () => {
    const files = listFiles(findModulesDir()).filter((file) => /\.ps(m|d)?1$/.test(file));

    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect({ file, evaluates: /Invoke-Expression|\biex\b|\[ScriptBlock\]::Create|NewScriptBlock/i.test(readFileSync(file, 'utf8')) }).toEqual({
        file,
        evaluates: false,
      });
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}
