import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { runbookStoreContract } from './runbook-store-contract';
import { storeContract } from './store-contract';

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
