import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { PowerShellSessionPool } from '../../src/adapters/powershell';
import { descendantsOf, isProcessLive } from '../../src/adapters/powershell/process-tree';
import { describeWithPwsh, ScratchTenant, startTestPool } from '../powershell/support/pwsh-fixture';

const FAULTS_MODULE = path.join(__dirname, '..', 'powershell', 'fixtures', 'VoiceOps.Faults', 'VoiceOps.Faults.psd1');
const FAULT_COMMANDS = ['Write-VoiceOpsFlood', 'Start-VoiceOpsChildSleep', 'Add-VoiceOpsBallast'];
const MB = 1024 * 1024;

describeWithPwsh('executor faults', () => {
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;

  beforeAll(async () => {
    tenant = new ScratchTenant();
    pool = startTestPool(tenant, {
      size: 1,
      extensions: [
        { modulePath: path.join(__dirname, '..', 'powershell', 'fixtures', 'VoiceOps.TestHelpers', 'VoiceOps.TestHelpers.psd1'), commands: ['Get-VoiceOpsEcho', 'Start-VoiceOpsSleep', 'Stop-VoiceOpsProcess'] },
        { modulePath: FAULTS_MODULE, commands: FAULT_COMMANDS },
      ],
    });
    await pool.warm();
  });

  afterAll(async () => {
    await pool?.close();
    tenant?.remove();
  });

  const sessionPid = (): number => {
    const pid = pool.stats().sessions[0]?.pid;
    if (pid === undefined) throw new Error('no live session');
    return pid;
  };
  const echo = (value: string) => pool.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });

  test('when a cmdlet hangs on a child process, then the timeout kills pwsh and the child, and the next job runs', async () => {
    const pidFile = tenant.file('child.pid');
    const pwshPid = sessionPid();
    const replacedBefore = pool.stats().sessionsReplaced;

    const outcome = await pool.invoke({ command: 'Start-VoiceOpsChildSleep', arguments: { PidFile: pidFile, Seconds: 600 }, timeoutMs: 3_000 });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Timeout', message: expect.stringContaining('did not finish within 3 s') } });
    const childPid = Number(readFileSync(pidFile, 'utf8'));
    expect(childPid).toBeGreaterThan(0);
    expect({ pwsh: isProcessLive(pwshPid), child: isProcessLive(childPid) }).toEqual({ pwsh: false, child: false });
    expect(descendantsOf(pwshPid)).toEqual([]);
    expect(await echo('after the hang')).toMatchObject({ ok: true, output: 'after the hang' });
    expect(sessionPid()).not.toBe(pwshPid);
    expect(pool.stats().sessionsReplaced).toBe(replacedBefore + 1);
  });

  test('when pwsh dies mid-job, then the outcome is Crashed, the session is replaced and no process is left', async () => {
    const pwshPid = sessionPid();

    const outcome = await pool.invoke({ command: 'Stop-VoiceOpsProcess', arguments: {} });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Crashed', message: expect.stringContaining('unknown') } });
    expect(isProcessLive(pwshPid)).toBe(false);
    expect(await echo('after the crash')).toMatchObject({ ok: true, output: 'after the crash' });
    expect(sessionPid()).not.toBe(pwshPid);
  });

  test.each(['Pipeline', 'Console'])('when a cmdlet floods 50 MB through the %s, then PowerShell caps it and the session survives', async (via) => {
    const pwshPid = sessionPid();

    const outcome = await pool.invoke({ command: 'Write-VoiceOpsFlood', arguments: { Megabytes: 50, Via: via } });

    if (via === 'Pipeline') {
      expect(outcome).toMatchObject({ ok: false, error: { kind: 'Crashed', message: expect.stringContaining('cap') } });
    } else {
      // Direct console writes are discarded: the envelope is the only thing that reaches stdout.
      expect(outcome).toMatchObject({ ok: true, output: null });
    }
    expect(sessionPid()).toBe(pwshPid);
    expect(await echo(`after the ${via} flood`)).toMatchObject({ ok: true, output: `after the ${via} flood` });
  });

  test('when a cmdlet floods 50 MB past PowerShell straight to stdout, then the bot kills it at its cap with bounded memory', async () => {
    const pwshPid = sessionPid();
    // What the bot holds (JavaScript heap, buffers), not RSS, which also counts freed pages the allocator keeps.
    const held = () => {
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.external;
    };
    global.gc?.();
    const baseline = held();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, held());
    }, 5);
    const startedAt = performance.now();

    const outcome = await pool.invoke({ command: 'Write-VoiceOpsFlood', arguments: { Megabytes: 50, Via: 'RawStdout' } });

    clearInterval(sampler);
    peak = Math.max(peak, held());
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Crashed', message: expect.stringContaining('printed more than 2 MB') } });
    expect(performance.now() - startedAt).toBeLessThan(20_000);
    // 50 MB arriving would grow the heap by 50 MB at least (twice that as a string); the 2 MB cap holds it down.
    expect((peak - baseline) / MB).toBeLessThan(40);
    expect(isProcessLive(pwshPid)).toBe(false);
    expect(pool.stats().overflows).toBe(1);
    expect(await echo('after the raw flood')).toMatchObject({ ok: true, output: 'after the raw flood' });
  });

  test('when a session has run its quota of jobs, then it is recycled and a fresh one serves the next call', async () => {
    const recycling = startTestPool(tenant, { size: 1, maxJobsPerSession: 3 });
    try {
      await recycling.warm();
      const pids: Array<number | undefined> = [];
      for (let i = 0; i < 7; i++) {
        pids.push(recycling.stats().sessions[0]?.pid);
        expect(await recycling.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: `job ${i}` } })).toMatchObject({ ok: true });
        await waitFor(() => recycling.stats().live === 1 && recycling.stats().starting === 0);
      }
      const stats = recycling.stats();
      expect(stats.sessionsRecycled).toBe(2);
      expect(new Set(pids).size).toBe(3);
      const retired = [...new Set(pids)].filter((pid) => pid !== stats.sessions[0].pid) as number[];
      // A retired session is asked to stop once its replacement is live; give its pwsh the moment it takes to exit.
      await waitFor(() => retired.every((pid) => !isProcessLive(pid)), 10_000);
    } finally {
      await recycling.close();
    }
  });

  test('when a session reaches its quota, then it keeps answering until its replacement is live', async () => {
    const recycling = startTestPool(tenant, { size: 1, maxJobsPerSession: 2 });
    const echoOn = (value: string) => recycling.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });
    try {
      await recycling.warm();
      const firstPid = recycling.stats().sessions[0].pid as number;
      for (let i = 0; i < 2; i++) expect(await echoOn(`job ${i}`)).toMatchObject({ ok: true });
      expect(recycling.stats()).toMatchObject({ starting: 1, sessions: [{ pid: firstPid }] });

      // A pwsh start takes a second or more; this call is answered by the old session before the new one is up.
      expect(await echoOn('while the replacement starts')).toMatchObject({ ok: true, output: 'while the replacement starts' });
      expect(recycling.stats()).toMatchObject({ starting: 1, sessions: [{ pid: firstPid }] });

      await waitFor(() => recycling.stats().starting === 0 && recycling.stats().live === 1);
      expect(recycling.stats().sessions[0].pid).not.toBe(firstPid);
      expect(recycling.stats().sessionsRecycled).toBe(1);
      await waitFor(() => !isProcessLive(firstPid), 10_000);
    } finally {
      await recycling.close();
    }
  });

  test('when every session reaches its quota at once, then they are replaced one at a time and the pool never runs short', async () => {
    const recycling = startTestPool(tenant, { size: 2, maxJobsPerSession: 2 });
    const echoOn = (value: string) => recycling.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: value } });
    let mostStarting = 0;
    let fewestLive = Number.POSITIVE_INFINITY;
    let sampler: NodeJS.Timeout | undefined;
    try {
      await recycling.warm();
      sampler = setInterval(() => {
        const { starting, live } = recycling.stats();
        mostStarting = Math.max(mostStarting, starting);
        fewestLive = Math.min(fewestLive, live);
      }, 5);
      const firstPids = recycling.stats().sessions.map((session) => session.pid as number);
      // Two calls each: both sessions reach their quota together.
      const outcomes = await Promise.all(Array.from({ length: 4 }, (_, i) => echoOn(`together ${i}`)));
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
      for (let i = 0; recycling.stats().sessionsRecycled < 2 || recycling.stats().starting > 0; i++) {
        if (i > 1_500) throw new Error(`not both recycled: ${JSON.stringify(recycling.stats())}`);
        expect(await echoOn(`after ${i}`)).toMatchObject({ ok: true });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      expect(mostStarting).toBe(1);
      expect(fewestLive).toBeGreaterThanOrEqual(2);
      expect(recycling.stats().sessions.map((session) => session.pid)).not.toContain(firstPids[0]);
      expect(recycling.stats().sessions.map((session) => session.pid)).not.toContain(firstPids[1]);
    } finally {
      clearInterval(sampler);
      await recycling.close();
    }
  });

  test('when a session grows past the memory limit, then it is recycled after that job', async () => {
    const fresh = pool.stats().sessions[0].rssBytes as number;
    const recycling = startTestPool(tenant, {
      size: 1,
      maxSessionRssBytes: fresh + 150 * MB,
      extensions: [
        { modulePath: path.join(__dirname, '..', 'powershell', 'fixtures', 'VoiceOps.TestHelpers', 'VoiceOps.TestHelpers.psd1'), commands: ['Get-VoiceOpsEcho'] },
        { modulePath: FAULTS_MODULE, commands: FAULT_COMMANDS },
      ],
    });
    try {
      await recycling.warm();
      const firstPid = recycling.stats().sessions[0].pid as number;
      expect(await recycling.invoke({ command: 'Get-VoiceOpsEcho', arguments: { Value: 'small' } })).toMatchObject({ ok: true });
      expect(recycling.stats()).toMatchObject({ sessionsRecycled: 0, sessions: [{ pid: firstPid }] });

      expect(await recycling.invoke({ command: 'Add-VoiceOpsBallast', arguments: { Megabytes: 300 } })).toMatchObject({ ok: true });
      await waitFor(() => recycling.stats().live === 1 && recycling.stats().starting === 0);

      expect(recycling.stats().sessionsRecycled).toBe(1);
      expect(recycling.stats().sessions[0].pid).not.toBe(firstPid);
      await waitFor(() => !isProcessLive(firstPid), 10_000);
    } finally {
      await recycling.close();
    }
  });

  test('when the pool is closed, then no pwsh it started is left', async () => {
    const pids = pool.stats().sessions.map((session) => session.pid as number);

    await pool.close();

    expect(pids.filter(isProcessLive)).toEqual([]);
    expect(existsSync(`/proc/${pids[0]}`)).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
