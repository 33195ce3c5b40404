import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { runbookStoreContract } from './runbook-store-contract';
import { storeContract } from './store-contract';

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
