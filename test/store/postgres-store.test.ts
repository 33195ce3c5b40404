import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { storeContract } from './store-contract';

storeContract('PostgreSQL', async () => {
  const database = await freshDatabase();
  const store = await PostgresStore.open({ connectionString: database.url });
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
});
