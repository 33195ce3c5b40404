import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { runbookStoreContract } from './runbook-store-contract';
import { entry, newRequest, storeContract } from './store-contract';
import Database from 'better-sqlite3';
import { changeKey } from '../../src/domain/requests/change-key';

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
    const store = new SqliteStore(path);
    for (const number of ['+14255550100', '+14255550101', '+14255550102']) {
      await store.createRequest(newRequest({ parameters: { user: 'alice@contoso.com', number } }), (r) => entry('RequestCreated', r.id));
    }
    await store.close();
    const raw = new Database(path);
    raw.exec('UPDATE requests SET change_key = NULL');
    raw.close();
    const reopened = new SqliteStore(path);
    const key = changeKey({ tenantId: 'tenant-1', operation: 'enable-voice', parameters: { user: 'alice@contoso.com', number: '+14255550101' } });
    expect((await reopened.findRequests({ changeKey: key, limit: 10 })).map((r) => r.id)).toEqual([2]);
    await reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
