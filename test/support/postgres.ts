import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

/** The test server: DATABASE_URL_TEST, else the private cluster scripts/start-postgres.sh runs on 127.0.0.1. */
export const POSTGRES_TEST_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:55432/voiceops_test';

let reachable: Promise<void> | undefined;

async function tryConnect(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  await client.end();
}

/**
 * Fails when PostgreSQL cannot be reached. Outside CI it first tries to start the local test cluster;
 * under CI=true .ci/run has started it already, so unreachable means a broken setup and the tests fail.
 */
export function requirePostgres(): Promise<void> {
  reachable ??= tryConnect(POSTGRES_TEST_URL).catch(async (error: unknown) => {
    if (process.env.CI === 'true' || process.env.DATABASE_URL_TEST) {
      throw new Error(`PostgreSQL is unreachable at ${POSTGRES_TEST_URL} (${String(error)}); .ci/run starts it with scripts/start-postgres.sh`);
    }
    execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'start-postgres.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
    await tryConnect(POSTGRES_TEST_URL);
  });
  return reachable;
}

/** A new empty database on the test server, and how to drop it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  await requirePostgres();
  const name = `voiceops_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_TEST_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
