import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/project-root';

/** The real CLI as an operator runs it: `node src/cli.ts start` (TypeScript loaded by tsx). */
function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('voiceops start', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'voiceops-cli-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('given NODE_ENV=production and no Bot Framework credentials, then it exits non-zero and names what is missing', async () => {
    const run = runCli(['start'], { NODE_ENV: 'production', VOICEOPS_DATA_DIR: dataDir, PORT: '0' });
    expect(await run.exited).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toContain('missing: MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppTenantId, ALLOWED_TENANT_IDS');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('given no credentials in dev mode, then it starts, says so in its log, answers /healthz and stops on SIGTERM', async () => {
    const run = runCli(['start'], { VOICEOPS_DATA_DIR: dataDir, PORT: '0', VOICEOPS_POOL_SIZE: '1' });
    try {
      const line = await waitFor(
        () => run.output().stdout.split('\n').find((l) => l.includes('voiceops listening')),
        80_000,
      );
      const listening = JSON.parse(line);
      expect(listening.mode).toBe('dev');
      expect(listening.note).toMatch(/dev mode: no Bot Framework credentials/);
      const base = String(listening.url).replace('/api/messages', '');
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', mode: 'dev' });
    } finally {
      run.child.kill('SIGTERM');
    }
    expect(await run.exited).toBe(0);
  }, 120_000);

  test('given an unknown subcommand, then it prints usage and exits 2', async () => {
    const run = runCli(['frobnicate'], { VOICEOPS_DATA_DIR: dataDir });
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('Usage: voiceops <command>');
  });
});
