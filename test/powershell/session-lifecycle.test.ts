import { performance } from 'perf_hooks';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { PowerShellPoolLogger, PowerShellSessionPool } from '../../src/adapters/powershell';
import { describeWithPwsh, isRunning, ScratchTenant, startTestPool } from './support/pwsh-fixture';

describeWithPwsh('the warm session pool', () => {
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;
  const started: number[] = [];
  const logger: PowerShellPoolLogger = {
    info: (message, fields) => {
      if (message === 'PowerShell session started' && typeof fields?.pid === 'number') started.push(fields.pid);
    },
    warn: () => undefined,
    error: () => undefined,
  };

  beforeAll(async () => {
    tenant = new ScratchTenant();
    pool = startTestPool(tenant, { size: 2, logger });
    await pool.warm();
  });

  afterAll(async () => {
    await pool?.close();
    tenant?.remove();
  });

  const echo = (value: string) => pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });

  test('when warmed, then every session is started once and reused by later calls', async () => {
    const sessionsBefore = pool.stats().sessionsStarted;

    for (let i = 0; i < 5; i++) expect(await echo(`call ${i}`)).toMatchObject({ ok: true, output: `call ${i}` });

    expect(pool.stats()).toMatchObject({ size: 2, live: 2, idle: 2, sessionsStarted: sessionsBefore });
  });

  test('when a session runs thousands of calls, then the bot keeps no memory per call', async () => {
    // child-shell raced each call against the shell's exit promise, leaving ~0.7 KB per call until pwsh exited.
    setFlagsFromString('--expose_gc');
    const collect = runInNewContext('gc') as () => void;
    const liveHeap = () => {
      collect();
      collect();
      return process.memoryUsage().heapUsed;
    };
    for (let i = 0; i < 200; i++) await echo('warm');
    const before = liveHeap();
    const calls = 3000;
    for (let i = 0; i < calls; i++) expect(await echo('x')).toMatchObject({ ok: true, output: 'x' });
    const perCall = (liveHeap() - before) / calls;

    expect(perCall).toBeLessThan(200);
  }, 120_000);

  test("when sessions start, then the dispatch warm-up's no-op is not a command the bot can send", async () => {
    const outcome = await pool.invoke({ command: 'Test-VoiceOpsDispatch', arguments: { Word: 'warm' } });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Rejected' } });
    expect(pool.stats().live).toBe(2);
  });

  test('when more calls arrive than there are sessions, then they queue and all complete', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => echo(`queued ${i}`)));

    expect(outcomes.map((outcome) => outcome.ok && outcome.output)).toEqual(Array.from({ length: 6 }, (_, i) => `queued ${i}`));
  });

  test('when two sessions change different users at once, then both changes are in the state file', async () => {
    const outcomes = await Promise.all(
      ['carol', 'dan', 'erin', 'megan'].map((alias, i) =>
        pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: `${alias}@contoso.com`, LineUri: `tel:+1425555020${i}` } }),
      ),
    );

    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    for (const [i, alias] of ['carol', 'dan', 'erin', 'megan'].entries()) {
      expect(tenant.user(`${alias}@contoso.com`)).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: `tel:+1425555020${i}` });
    }
  });

  test('when a call hangs past its timeout, then its pwsh is killed, the outcome is Timeout and the next call succeeds', async () => {
    const pidsBefore = [...started];
    const startedAt = performance.now();

    const outcome = await pool.invoke({ command: 'Start-VoiceOpsSleep', arguments: { Milliseconds: 120_000 }, timeoutMs: 1_500 });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Timeout' } });
    expect(performance.now() - startedAt).toBeLessThan(10_000);
    const killed = pidsBefore.filter((pid) => !isRunning(pid));
    expect(killed).toHaveLength(1);
    expect(await echo('after the timeout')).toMatchObject({ ok: true, output: 'after the timeout' });
  });

  test('when pwsh is killed mid-call, then the outcome is Crashed and a new session takes its place', async () => {
    const outcome = await pool.invoke({ command: 'Stop-VoiceOpsProcess', arguments: {} });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Crashed' } });
    expect(await echo('after the crash')).toMatchObject({ ok: true, output: 'after the crash' });
  });

  test('when pwsh exits cleanly mid-call, then the outcome is Crashed too', async () => {
    const outcome = await pool.invoke({ command: 'Stop-VoiceOpsProcess', arguments: { ExitCode: 0 } });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Crashed' } });
    expect(await echo('after the exit')).toMatchObject({ ok: true, output: 'after the exit' });
  });

  test('when the pool is closed, then every pwsh it started is gone', async () => {
    await pool.warm();
    const live = [...started].filter(isRunning);
    expect(live.length).toBeGreaterThan(0);

    await pool.close();

    expect(live.filter(isRunning)).toEqual([]);
    expect(await echo('after close')).toMatchObject({ ok: false, error: { kind: 'Failed' } });
  });
});

describe('a pool whose pwsh cannot start', () => {
  test('when invoked, then it answers Failed without throwing', async () => {
    const tenant = new ScratchTenant();
    const pool = startTestPool(tenant, { pwshPath: tenant.file('no-such-pwsh'), startTimeoutMs: 5_000 });
    try {
      const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'alice@contoso.com' } });

      expect(outcome).toMatchObject({ ok: false, error: { kind: 'Failed', message: expect.stringContaining('could not start') } });
      await expect(pool.warm()).rejects.toThrow();
    } finally {
      await pool.close();
      tenant.remove();
    }
  });
});
