import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/read-config';
import { readWorkerConfig } from '../../src/worker/worker-config';

const DEFAULTS = { workerId: 'host-1-abcd', poolSize: 2 };

describe('voiceops worker settings', () => {
  test('defaults: serves teams, 30 s lease, reads back a minute after a lease expired, one job per pwsh session', () => {
    expect(readWorkerConfig({}, DEFAULTS)).toEqual({ workerId: 'host-1-abcd', targets: ['teams'], leaseMs: 30_000, pollMs: 1000, settleMs: 60_000, concurrency: 2 });
  });

  test('empty values from a copied .env.example count as unset', () => {
    expect(readWorkerConfig({ VOICEOPS_WORKER_CONCURRENCY: '', VOICEOPS_LEASE_MS: '', VOICEOPS_WORKER_TARGETS: '' }, DEFAULTS)).toMatchObject({
      targets: ['teams'],
      leaseMs: 30_000,
      concurrency: 2,
    });
  });

  test('targets are a list from the known ones; anything else is refused by name', () => {
    expect(readWorkerConfig({ VOICEOPS_WORKER_TARGETS: 'exchange, teams' }, DEFAULTS).targets).toEqual(['exchange', 'teams']);
    expect(() => readWorkerConfig({ VOICEOPS_WORKER_TARGETS: 'teams,sharepoint' }, DEFAULTS)).toThrow(/"sharepoint" is not one/);
  });

  test('numbers out of range are refused with their name and range', () => {
    expect(() => readWorkerConfig({ VOICEOPS_LEASE_MS: '10' }, DEFAULTS)).toThrow(ConfigError);
    expect(() => readWorkerConfig({ VOICEOPS_LEASE_MS: '10' }, DEFAULTS)).toThrow('VOICEOPS_LEASE_MS must be a whole number from 300 to 3600000, not "10".');
  });

  test('`voiceops worker` without DATABASE_URL exits 1 and says what it needs', () => {
    const root = join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli.ts'), 'worker'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('voiceops worker needs DATABASE_URL');
  });
});
