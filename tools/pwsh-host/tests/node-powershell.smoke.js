// node-powershell 5 driving `pwsh` from PATH, the way voiceops does. Needs node-powershell
// resolvable (project node_modules or NODE_PATH). Run: node tools/pwsh-host/tests/node-powershell.smoke.js
// Prints "N passed, N failed"; exits 1 on failure.
const path = require('path');
const FIX = path.join(__dirname, 'fixtures');
const { PowerShell } = require('node-powershell');
const { execFileSync, spawnSync } = require('child_process');
const assert = require('assert');
let pass = 0, fail = 0;
async function check(name, fn) {
  try { await fn(); pass++; console.log('ok   -', name); }
  catch (e) { fail++; console.log('FAIL -', name, '\n      ', (e && e.message || e).toString().split('\n').join('\n       ')); }
}
(async () => {
  let t0 = Date.now();
  const ps = new PowerShell({ executableOptions: { '-NoProfile': true } });
  await check('first invoke: $x = 1 + 1; "two=$x"', async () => {
    const r = await ps.invoke('$x = 1 + 1; "two=$x"'); assert.strictEqual(r.raw, 'two=2');
    console.log('       (spawn + first invoke', Date.now() - t0, 'ms)');
  });
  await check('state persists: $x', async () => assert.strictEqual((await ps.invoke('$x')).raw, '2'));
  await check('throw "boom" -> InvocationError', async () => {
    await assert.rejects(ps.invoke('throw "boom"'), e => e.name === 'InvocationError' && /boom/.test(e.message));
  });
  await check('multi-statement single line', async () =>
    assert.strictEqual((await ps.invoke('$a = 2; $b = 3; $c = $a * $b; "c=$c"; $a + $b')).raw, 'c=6\n5'));
  await check('function defined in one invoke, called in next', async () => {
    await ps.invoke('function Get-Twice([int]$n) { $n * 2 }');
    assert.strictEqual((await ps.invoke('Get-Twice 21')).raw, '42');
  });
  await check('multi-line invoke (open brace spans lines)', async () =>
    assert.strictEqual((await ps.invoke('foreach ($i in 1..3) {\n  "i=$i"\n}')).raw, 'i=1\ni=2\ni=3'));
  await check('here-string with blank line', async () =>
    assert.strictEqual((await ps.invoke('$h = @"\nline1\n\nline3\n"@\n$h.Split("`n").Count')).raw, '3'));
  await check('Import-Module a .psm1', async () => {
    await ps.invoke(`Import-Module ${FIX}/Ops.psm1`);
    assert.strictEqual((await ps.invoke('(Get-Module Ops).ExportedFunctions.Keys -join ","')).raw, 'Set-VoiceRoute');
  });
  await check('Get-Command Set-VoiceRoute -Syntax', async () => {
    const r = (await ps.invoke('Get-Command Set-VoiceRoute -Syntax')).raw;
    assert.match(r, /Set-VoiceRoute \[-Number\] <string> \[\[-Mode\] <string>\] \[\[-Priority\] <int>\]/);
  });
  await check('(Get-Command X).Parameters', async () => {
    const r = (await ps.invoke('$p = (Get-Command Set-VoiceRoute).Parameters; $p.Keys -contains "Number"; $p["Mode"].Attributes.Where({$_ -is [System.Management.Automation.ValidateSetAttribute]}).ValidValues -join "|"; $p["Number"].Attributes.Where({$_ -is [Parameter]}).Mandatory')).raw;
    assert.strictEqual(r, 'True\nDirect|Operator\nTrue');
  });
  await check('splatting @h with validated params', async () =>
    assert.strictEqual((await ps.invoke('$h = @{ Number = "+4930123456"; Mode = "Operator" }; Set-VoiceRoute @h -Priority 2')).raw, 'route +4930123456 via Operator prio 2'));
  await check('[ValidatePattern] rejects', async () =>
    await assert.rejects(ps.invoke('Set-VoiceRoute -Number 12'), e => /Cannot validate argument on parameter 'Number'/.test(e.message)));
  await check('[ValidateSet] rejects', async () =>
    await assert.rejects(ps.invoke('Set-VoiceRoute -Number +4930123456 -Mode Bogus'), e => /does not belong to the set "Direct,Operator"/.test(e.message)));
  await check('[Parameter(Mandatory)] missing fails fast (no prompt on the command stream)', async () =>
    await assert.rejects(ps.invoke('Set-VoiceRoute -Mode Direct'), e => /Number/.test(e.message)));
  await check('curly quotes parse as single quotes (U+2018..U+201B)', async () =>
    assert.strictEqual((await ps.invoke('$q = \u2018curly\u2019; $q; \u201Bx\u201A.Length')).raw, 'curly\n1'));
  await check('non-terminating Write-Error -> stderr -> InvocationError', async () =>
    await assert.rejects(ps.invoke('Write-Error "soft failure"; "after"'), e => /soft failure/.test(e.message)));
  await check('Write-Warning goes to stdout like pwsh', async () =>
    assert.strictEqual((await ps.invoke('Write-Warning "hmm"; "x"')).raw, 'WARNING: hmm\nx'));
  await check('ConvertTo-Json / ConvertFrom-Json round trip', async () =>
    assert.strictEqual((await ps.invoke('@{ a = 1; b = @("x","y") } | ConvertTo-Json -Compress -Depth 3 | ConvertFrom-Json | ForEach-Object { "$($_.a)-$($_.b -join "+")" }')).raw, '1-x+y'));
  await check('$PSVersionTable.PSVersion', async () =>
    assert.strictEqual((await ps.invoke('$PSVersionTable.PSVersion.ToString()')).raw, '7.6.9'));
  await check('Start-Job { } | Receive-Job -Wait', async () =>
    assert.strictEqual((await ps.invoke('Start-Job { 6 * 7 } | Receive-Job -Wait -AutoRemoveJob')).raw, '42'));
  await check('Get-Process -Id $PID WorkingSet64', async () =>
    assert.match((await ps.invoke('(Get-Process -Id $PID).WorkingSet64')).raw, /^\d+$/));

  // timing: 20 sequential invokes after warm-up
  for (let i = 0; i < 5; i++) await ps.invoke(`$w = ${i}`);
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t = process.hrtime.bigint();
    const r = await ps.invoke(`$n = ${i}; "n=$n"`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    assert.strictEqual(r.raw, `n=${i}`);
  }
  times.sort((a, b) => a - b);
  const avg = times.reduce((a, b) => a + b) / times.length;
  console.log(`timing: 20 invokes avg ${avg.toFixed(2)} ms, median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms`);
  await check('20 invokes well under 100 ms each', async () => assert.ok(times[19] < 100));
  const pid = ps.process.pid;
  await new Promise(r => setTimeout(r, 1500));
  const rss = require('fs').readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1];
  console.log(`idle host RSS: ${(rss / 1024).toFixed(1)} MiB (pid ${pid})`);
  await check('dispose', async () => { await ps.dispose(); });

  // -File exit codes
  const run = (args) => spawnSync('pwsh', args, { encoding: 'utf8' });
  await check('pwsh -NoProfile -File exit-code.ps1 -Code 3 -> 3', async () => assert.strictEqual(run(['-NoProfile', '-File', path.join(FIX, 'exit-code.ps1'), '-Code', '3']).status, 3));
  await check('pwsh -NoProfile -File exit-code.ps1 -> 0', async () => assert.strictEqual(run(['-NoProfile', '-File', path.join(FIX, 'exit-code.ps1')]).status, 0));
  await check('pwsh -NoProfile -File throws.ps1 -> 1, message on stderr', async () => {
    const r = run(['-NoProfile', '-File', path.join(FIX, 'throws.ps1')]); assert.strictEqual(r.status, 1); assert.match(r.stderr, /script failure/); assert.strictEqual(r.stdout, 'before\n');
  });
  await check('pwsh -NoProfile -NonInteractive -Command "exit 5" -> 5', async () => assert.strictEqual(run(['-NoProfile', '-NonInteractive', '-Command', 'exit 5']).status, 5));
  await check('pwsh -c with $LASTEXITCODE from native', async () => assert.strictEqual(run(['-c', '/bin/sh -c "exit 4"; exit $LASTEXITCODE']).status, 4));
  await check('pwsh -Version', async () => assert.strictEqual(run(['-Version']).stdout.trim(), 'PowerShell 7.6.9'));
  console.log(`${pass} passed, ${fail} failed`);
  process.exit(fail ? 1 : 0);
})().catch(e => { console.error('FATAL', e); process.exit(2); });
