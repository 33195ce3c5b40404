import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { EXIT, type CliIo } from '../../src/cli/cli-command';
import { CliProgram } from '../../src/cli/cli-program';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { PROJECT_ROOT } from '../../src/config/project-root';

/** Runs `voiceops <argv>` in-process with captured output and the given environment. */
async function voiceops(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), env: () => env };
  const code = await new CliProgram(CLI_COMMANDS).run(argv, io);
  return { code, out, err };
}

const work = mkdtempSync(join(tmpdir(), 'voiceops-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function policyFile(name: string, policy: unknown): string {
  const file = join(work, name);
  writeFileSync(file, typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2));
  return file;
}

describe('voiceops --help and exit codes', () => {
  test('the top-level help lists every subcommand and the exit codes', async () => {
    for (const argv of [[], ['--help'], ['-h'], ['help']]) {
      const { code, out } = await voiceops(argv);
      expect(code).toBe(EXIT.OK);
      for (const command of CLI_COMMANDS) expect(out).toContain(`  ${command.name}`);
      expect(out).toContain('Exit codes:');
      expect(out).toMatch(/3 {2}check failed/);
    }
  });

  test.each(CLI_COMMANDS.map((c) => c.name))('`voiceops %s --help` prints its usage and examples and runs nothing', async (name) => {
    const { code, out, err } = await voiceops([...name.split(' '), '--help'], { VOICEOPS_DATA_DIR: join(work, 'never') });
    expect(code).toBe(EXIT.OK);
    expect(err).toBe('');
    expect(out).toMatch(new RegExp(`^Usage: voiceops ${name}`));
    expect(out).toContain('Examples:\n  voiceops ');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  test('an unknown command, a missing subcommand or a missing argument is a usage error (2)', async () => {
    expect(await voiceops(['deploy'])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining('Unknown command: deploy') });
    expect(await voiceops(['tenant'])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining('voiceops tenant reset') });
    expect(await voiceops(['policy', 'check'])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining('Usage: voiceops policy check <file>') });
    expect((await voiceops(['start', 'now'])).code).toBe(EXIT.USAGE);
  });

  test('a configuration error is exit 1 with the message, not a stack trace', async () => {
    const { code, err } = await voiceops(['start'], { NODE_ENV: 'production' });
    expect(code).toBe(EXIT.ERROR);
    expect(err).toMatch(/^voiceops start: Production mode needs Bot Framework credentials/);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('voiceops policy check', () => {
  test('a valid policy passes with a summary', async () => {
    const { code, out } = await voiceops(['policy', 'check', join(PROJECT_ROOT, 'config', 'policy.dev.json')]);
    expect(code).toBe(EXIT.OK);
    expect(out).toMatch(/policy\.dev\.json: valid\. 2 requester\(s\), 2 approver\(s\); approvals required: read 0, user-change 1, tenant-change 2\./);
  });

  test('schema problems are listed with their path and line, exit 3', async () => {
    const file = policyFile('bad.json', '{\n  "requesters": [],\n  "approvers": ["a"],\n  "approvalsRequired": { "read": 0, "user-change": 0, "tenant-change": 1 },\n  "extra": true\n}');
    const { code, err } = await voiceops(['policy', 'check', file]);
    expect(code).toBe(EXIT.CHECK_FAILED);
    expect(err).toContain(':2 /requesters must NOT have fewer than 1 items');
    expect(err).toContain(':4 /approvalsRequired/user-change must be >= 1');
    expect(err).toContain('must NOT have additional properties (extra)');
  });

  test('a policy under which a requester could never get enough approvals fails, exit 3', async () => {
    const file = policyFile('lonely.json', {
      requesters: ['megan', 'diego'],
      approvers: ['megan'],
      approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 },
    });
    const { code, err } = await voiceops(['policy', 'check', file]);
    expect(code).toBe(EXIT.CHECK_FAILED);
    expect(err).toContain('/approvalsRequired/user-change needs 1 approval(s), but requester megan has only 0 approver(s) other than themself');
    expect(err).not.toContain('requester diego');
  });

  test('a file that is not there or not JSON is reported plainly', async () => {
    expect(await voiceops(['policy', 'check', join(work, 'missing.json')])).toMatchObject({ code: EXIT.ERROR, err: expect.stringContaining('ENOENT') });
    const { code, err } = await voiceops(['policy', 'check', policyFile('broken.json', '{ "requesters": [')]);
    expect(code).toBe(EXIT.CHECK_FAILED);
    expect(err).toContain('broken.json: not valid JSON');
  });
});

describe('voiceops package and tenant reset', () => {
  test('package writes the zip with the values from the environment', async () => {
    const out = join(work, 'teams.zip');
    const { code, out: printed } = await voiceops(['package', out], {
      MicrosoftAppId: '5b1d3a52-7c8e-4f5a-9d2b-0e6f4c3a2b1d',
      BOT_DOMAIN: 'voiceops.contoso.com',
    });
    expect(code).toBe(EXIT.OK);
    expect(printed).toBe(`Teams app package written to ${out}\n`);
    const manifest = JSON.parse(new AdmZip(out).readAsText('manifest.json'));
    expect(manifest.id).toBe('5b1d3a52-7c8e-4f5a-9d2b-0e6f4c3a2b1d');
    expect(manifest.bots[0].botId).toBe('5b1d3a52-7c8e-4f5a-9d2b-0e6f4c3a2b1d');
    expect(manifest.validDomains).toEqual(['voiceops.contoso.com']);
  });

  test('tenant reset re-seeds the simulated tenant', async () => {
    const state = join(work, 'tenant.json');
    writeFileSync(state, '{}');
    const { code, out } = await voiceops(['tenant', 'reset'], { VOICEOPS_TENANT_STATE: state });
    expect(code).toBe(EXIT.OK);
    expect(out).toBe(`Simulated tenant reset: ${state}\n`);
    expect(readFileSync(state, 'utf8')).toContain('alice@contoso.com');
  });
});

describe('the real entry point (node src/cli.ts under tsx)', () => {
  function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli.ts'), ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test('sets the process exit code of each outcome', () => {
    expect(run(['--help'])).toMatchObject({ status: EXIT.OK, stdout: expect.stringContaining('Exit codes:') });
    expect(run(['policy', 'check', join(PROJECT_ROOT, 'config', 'policy.dev.json')]).status).toBe(EXIT.OK);
    expect(run(['policy', 'check', policyFile('lonely-2.json', { requesters: ['a'], approvers: ['a'], approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 1 } })]).status).toBe(EXIT.CHECK_FAILED);
    expect(run(['policy']).status).toBe(EXIT.USAGE);
    expect(run(['policy', 'check', join(work, 'nope.json')]).status).toBe(EXIT.ERROR);
  });
});
