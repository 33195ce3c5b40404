import { PostgresStore } from '../../src/adapters/postgres/postgres-store';
import { freshDatabase } from '../support/postgres';
import { runbookStoreContract } from './runbook-store-contract';
import { Client } from 'pg';
import { entry, expectBulkTargetsBackFilledOnMigration, expectChangeKeysBackFilledOnOpen, newRequest, storeContract } from './store-contract';

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

test('a job finished but not yet announced when migration 6 arrives is announced through its request, with the parts it had sent', async () => {
  const database = await freshDatabase();
  const raw = new Client({ connectionString: database.url });
  try {
    const store = await PostgresStore.open({ connectionString: database.url });
    const announced = await store.createRequest(newRequest({ nonce: 'a' }), (r) => entry('RequestCreated', r.id));
    const unannounced = await store.createRequest(newRequest({ nonce: 'b' }), (r) => entry('RequestCreated', r.id));
    for (const request of [announced, unannounced]) {
      await store.transition(request.id, ['pending'], 'running', entry('ExecutionStarted', request.id));
      await store.transition(request.id, ['running'], 'succeeded', entry('ChangeVerified', request.id));
    }
    await store.close();
    // Back to version 5: announcements lived on the jobs.
    await raw.connect();
    await raw.query(`DROP INDEX requests_to_announce;
      ALTER TABLE requests DROP COLUMN announce_due, DROP COLUMN announce_until, DROP COLUMN announce_attempts, DROP COLUMN announced_parts,
        DROP COLUMN announce_claims, DROP COLUMN stop_requested;
      DROP TABLE request_targets;
      DELETE FROM schema_migrations WHERE version >= 6`);
    await raw.query(
      `INSERT INTO jobs (request_id, target, state, notified_at, announce_attempts, announced_parts) VALUES
         ($1, 'teams', 'done', clock_timestamp(), 1, '{cards,requester}'), ($2, 'teams', 'done', NULL, 2, '{cards}')`,
      [announced.id, unannounced.id],
    );

    const upgraded = await PostgresStore.open({ connectionString: database.url });
    try {
      expect(await upgraded.claimAnnouncements(10, 60_000)).toEqual([{ requestId: unannounced.id, attempt: 1, claim: expect.any(Number), partsDone: ['cards'] }]);
    } finally {
      await upgraded.close();
    }
  } finally {
    await raw.end().catch(() => undefined);
    await database.drop();
  }
});

test('bulk requests stored before version 8 are found by their rows\' users once the store has migrated', async () => {
  const database = await freshDatabase();
  try {
    await expectBulkTargetsBackFilledOnMigration(
      () => PostgresStore.open({ connectionString: database.url }),
      async () => {
        const raw = new Client({ connectionString: database.url });
        await raw.connect();
        await raw.query('DROP TABLE request_targets; DELETE FROM schema_migrations WHERE version >= 8');
        await raw.end();
      },
    );
  } finally {
    await database.drop();
  }
});
