import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { runbookStoreContract } from './runbook-store-contract';
import { Client } from 'pg';
import { expectChangeKeysBackFilledOnOpen, storeContract } from './store-contract';

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
    await expectChangeKeysBackFilledOnOpen(
      () => PostgresStore.open({ connectionString: database.url }),
      async () => {
        const raw = new Client({ connectionString: database.url });
        await raw.connect();
        await raw.query('UPDATE requests SET change_key = NULL');
        await raw.end();
      },
    );
  } finally {
    await database.drop();
  }
});
