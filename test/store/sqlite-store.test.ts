import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { runbookStoreContract } from './runbook-store-contract';
import Database from 'better-sqlite3';
import { expectBulkTargetsBackFilledOnMigration, expectChangeKeysBackFilledOnOpen, storeContract } from './store-contract';

const freshSqliteStore = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-store-'));
  const store = new SqliteStore(join(dir, 'voiceops.sqlite'));
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeContract('SQLite', freshSqliteStore);
runbookStoreContract('SQLite', freshSqliteStore);

test('requests stored before change keys existed get theirs when the store opens, so an open repeat is still found', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-store-'));
  const path = join(dir, 'voiceops.sqlite');
  try {
    await expectChangeKeysBackFilledOnOpen(
      async () => new SqliteStore(path),
      async () => {
        const raw = new Database(path);
        raw.exec('UPDATE requests SET change_key = NULL');
        raw.close();
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bulk requests stored before version 9 are found by their rows\' users once the store has migrated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-store-'));
  const path = join(dir, 'voiceops.sqlite');
  try {
    await expectBulkTargetsBackFilledOnMigration(
      async () => new SqliteStore(path),
      async () => {
        const raw = new Database(path);
        raw.exec('DROP TABLE request_targets; DELETE FROM schema_migrations WHERE version >= 9');
        raw.close();
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
