import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { runbookStoreContract } from './runbook-store-contract';
import { Client } from 'pg';
import { changeKey } from '../../src/domain/requests/change-key';
import { entry, newRequest, storeContract } from './store-contract';

const freshPostgresStore = async () => {
  const database = await freshDatabase();
  const store = await PostgresStore.open({ connectionString: database.url });
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
};

storeContract('PostgreSQL', freshPostgresStore);
runbookStoreContract('PostgreSQL', freshPostgresStore);

test('requests stored before change keys existed get theirs when the store opens, so an open repeat is still found', async () => {
  const database = await freshDatabase();
  try {
    const store = await PostgresStore.open({ connectionString: database.url });
    for (const number of ['+14255550100', '+14255550101', '+14255550102']) {
      await store.createRequest(newRequest({ parameters: { user: 'alice@contoso.com', number } }), (r) => entry('RequestCreated', r.id));
    }
    await store.close();
    const raw = new Client({ connectionString: database.url });
    await raw.connect();
    await raw.query('UPDATE requests SET change_key = NULL');
    await raw.end();
    const reopened = await PostgresStore.open({ connectionString: database.url });
    const key = changeKey({ tenantId: 'tenant-1', operation: 'enable-voice', parameters: { user: 'alice@contoso.com', number: '+14255550101' } });
    expect((await reopened.findRequests({ changeKey: key, limit: 10 })).map((r) => r.id)).toEqual([2]);
    await reopened.close();
  } finally {
    await database.drop();
  }
});
