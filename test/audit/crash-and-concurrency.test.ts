import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteAuditSource } from '../../src/adapters/sqlite/sqlite-audit-source';
import { verifyAudit } from '../../src/audit/verify-audit';
import { buildForChildProcess } from './support/child-build';

// Real processes writing the real SqliteStore: killed with SIGKILL mid-write, and racing each other.
let writer: string;
let dir: string;

beforeAll(() => {
  writer = buildForChildProcess(join(__dirname, 'support/audit-writer.ts'));
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'voiceops-crash-'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function startWriter(databasePath: string, label: string, count: string): ChildProcess {
  return spawn(process.execPath, [writer, databasePath, label, count], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', () => reject(new Error('writer exited before it was ready')));
  });
}

function verify(databasePath: string) {
  const source = new SqliteAuditSource(databasePath);
  try {
    return verifyAudit({ source, checkpoints: [], publicKey: undefined });
  } finally {
    source.close();
  }
}

/** Requests whose state and audit records disagree: a state without its record, or a record without its state. */
function mismatches(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    const { n } = db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM requests r WHERE NOT EXISTS
              (SELECT 1 FROM audit_log a WHERE a.request_id = r.id AND a.operation = 'RequestCreated'))
         + (SELECT COUNT(*) FROM requests r WHERE (r.state = 'approved') <> EXISTS
              (SELECT 1 FROM audit_log a WHERE a.request_id = r.id AND a.operation = 'RequestApproved'))
         + (SELECT COUNT(*) FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM requests r WHERE r.id = a.request_id)) AS n`,
      )
      .get() as { n: number };
    return n;
  } finally {
    db.close();
  }
}

function count(databasePath: string, sql: string): number {
  const db = new Database(databasePath, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  // Two lanes of 50 runs, each on its own database, so the 100 process starts overlap.
  async function crashLane(databasePath: string, runs: number): Promise<number> {
    let grew = 0;
    let before = 0;
    for (let run = 0; run < runs; run++) {
      const child = startWriter(databasePath, `w${run}`, 'forever');
      const exit = exited(child);
      await ready(child);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 25)));
      child.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      expect(mismatches(databasePath)).toBe(0);
      expect(verify(databasePath)).toMatchObject({ intact: true });
      const after = count(databasePath, 'SELECT COUNT(*) AS n FROM audit_log');
      if (after > before) grew += 1;
      before = after;
    }
    return grew;
  }

  test('when a writer is killed with SIGKILL at 100 random points, then every change and its audit record are both there or both not, and verify passes', async () => {
    const grew = await Promise.all([crashLane(join(dir, 'crash-1.sqlite'), 50), crashLane(join(dir, 'crash-2.sqlite'), 50)]);
    // The kills landed while writing, not only before the first transaction.
    expect(grew[0] + grew[1]).toBeGreaterThan(50);
  }, 240_000);
});

describe('concurrent appends', () => {
  test('when four processes append at once to a fresh database, then the sequence has no gaps or forks and verify passes', async () => {
    const databasePath = join(dir, 'concurrent.sqlite');
    const writers = ['a', 'b', 'c', 'd'].map((label) => startWriter(databasePath, label, '50'));
    const results = await Promise.all(writers.map(exited));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(count(databasePath, 'SELECT COUNT(*) AS n FROM audit_log')).toBe(400);
    expect(count(databasePath, 'SELECT MIN(sequence) AS n FROM audit_log')).toBe(1);
    expect(count(databasePath, 'SELECT MAX(sequence) AS n FROM audit_log')).toBe(400);
    expect(count(databasePath, 'SELECT COUNT(DISTINCT previous_hash) AS n FROM audit_log')).toBe(400);
    for (const label of ['a', 'b', 'c', 'd']) {
      expect(count(databasePath, `SELECT COUNT(*) AS n FROM audit_log WHERE user_id = '${label}'`)).toBe(100);
    }
    expect(mismatches(databasePath)).toBe(0);
    expect(verify(databasePath)).toMatchObject({ intact: true, records: 400, headSequence: 400 });
  }, 120_000);
});
