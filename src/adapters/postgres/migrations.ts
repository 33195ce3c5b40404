import type { PoolClient } from 'pg';

/** Versioned schema changes for PostgreSQL, applied in order at start; never edit one that has shipped. */
export const POSTGRES_MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE requests (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        operation TEXT NOT NULL,
        parameters JSONB NOT NULL,
        requester_object_id TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        target_object_id TEXT,
        state TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        nonce TEXT NOT NULL,
        approvals_required INTEGER NOT NULL,
        preview TEXT NOT NULL,
        before_state JSONB NOT NULL,
        result JSONB,
        origin_conversation_id TEXT NOT NULL,
        target_user TEXT,
        expires_at TEXT NOT NULL DEFAULT '9999-12-31T23:59:59.999Z',
        reminded_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX requests_by_requester ON requests (requester_object_id, id);
      CREATE INDEX requests_by_state ON requests (state, expires_at);
      CREATE INDEX requests_by_target ON requests (target_user, id);
      CREATE TABLE votes (
        request_id BIGINT NOT NULL REFERENCES requests (id),
        approver_object_id TEXT NOT NULL,
        approver_name TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment TEXT,
        at TEXT NOT NULL,
        request_hash TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (request_id, approver_object_id)
      );
      CREATE TABLE audit_log (
        sequence BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        creation_time TEXT NOT NULL,
        operation TEXT NOT NULL,
        user_id TEXT NOT NULL,
        actor_object_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        -- The exact JSON text that was hashed, so verification sees byte for byte what was sealed.
        parameters TEXT NOT NULL,
        result_status TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        request_id BIGINT,
        request_hash TEXT,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      -- One row: the end of the chain. Every append locks it FOR UPDATE, so the chain stays linear across replicas.
      CREATE TABLE audit_head (
        only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
        sequence BIGINT NOT NULL,
        hash TEXT NOT NULL
      );
      INSERT INTO audit_head (sequence, hash) VALUES (0, '${'0'.repeat(64)}');
      CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        reference JSONB NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE card_copies (
        position BIGINT GENERATED ALWAYS AS IDENTITY,
        request_id BIGINT NOT NULL REFERENCES requests (id),
        conversation_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        audience TEXT NOT NULL CHECK (audience IN ('approvers', 'requester')),
        PRIMARY KEY (request_id, conversation_id, activity_id)
      );
      -- The execution queue: one job per approved change request, run by a worker serving its target.
      CREATE TABLE jobs (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id),
        target TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'started', 'unknown', 'reconciling', 'done', 'needs-human')),
        fence BIGINT NOT NULL DEFAULT 0,
        worker_id TEXT,
        lease_until TIMESTAMPTZ,
        starts INTEGER NOT NULL DEFAULT 0,
        outcome TEXT,
        notified_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        updated_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX jobs_waiting ON jobs (target, id) WHERE state IN ('queued', 'unknown');
      CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state IN ('started', 'reconciling');
      CREATE INDEX jobs_to_announce ON jobs (id) WHERE notified_at IS NULL AND state IN ('done', 'needs-human');
    `,
  },
  {
    // Audit (issue 5): lookups by request, target and time; the retention anchor; append-only enforced in the database.
    version: 2,
    sql: `
      CREATE INDEX IF NOT EXISTS audit_by_request ON audit_log (request_id, sequence);
      CREATE INDEX IF NOT EXISTS audit_by_object ON audit_log (lower(object_id), sequence);
      CREATE INDEX IF NOT EXISTS audit_by_time ON audit_log (creation_time, sequence);
      CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sequence BIGINT NOT NULL,
        hash TEXT NOT NULL,
        archived_at TEXT NOT NULL,
        archive TEXT NOT NULL
      );
      CREATE FUNCTION voiceops_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit_log is append-only'; END IF;
        IF OLD.sequence > COALESCE((SELECT sequence FROM audit_anchor WHERE id = 1), 0) THEN
          RAISE EXCEPTION 'audit records leave only through an archive';
        END IF;
        RETURN OLD;
      END $$;
      CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION voiceops_audit_guard();
    `,
  },
  {
    // Runbooks (issue 8): one instance per tenant and procedure, and the last record of each of its steps.
    version: 3,
    sql: `
      CREATE TABLE runbooks (
        tenant_id TEXT NOT NULL,
        name TEXT NOT NULL,
        parameters JSONB NOT NULL,
        started_by_object_id TEXT NOT NULL,
        started_by_name TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, name)
      );
      CREATE TABLE runbook_steps (
        tenant_id TEXT NOT NULL,
        runbook TEXT NOT NULL,
        step TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('not-started', 'done', 'verified', 'failed', 'manual')),
        actor_object_id TEXT,
        actor_name TEXT,
        at TEXT NOT NULL,
        request_id BIGINT REFERENCES requests (id),
        note TEXT,
        PRIMARY KEY (tenant_id, runbook, step),
        FOREIGN KEY (tenant_id, runbook) REFERENCES runbooks (tenant_id, name)
      );
      CREATE INDEX runbook_steps_by_request ON runbook_steps (request_id);
    `,
  },
  {
    // Filing looks for an open request asking for the same change (src/domain/requests/change-key.ts); rows
    // written before this get their key when the store opens (keyEarlierRequests).
    version: 4,
    sql: `
      ALTER TABLE requests ADD COLUMN change_key TEXT;
      CREATE INDEX requests_by_change ON requests (change_key, id);
    `,
  },
  {
    // Announcements are leased, not taken for good: one a replica claimed but never finished (it died, or Teams
    // refused the send) is claimed again once the lease lapses; the parts already sent are remembered, not repeated.
    version: 5,
    sql: `
      ALTER TABLE jobs ADD COLUMN announce_until TIMESTAMPTZ;
      ALTER TABLE jobs ADD COLUMN announce_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN announced_parts TEXT[] NOT NULL DEFAULT '{}';
    `,
  },
  {
    // Announcements move from jobs to requests (AnnouncementOutbox in src/ports/store.ts): every final state is
    // announced at least once, an expiry or a rejection as much as a worker's run. A job finished but not yet
    // announced when this version arrives is announced through its request, with the parts it already sent. The jobs'
    // announcement columns are left for replicas of the previous version still running during the upgrade.
    version: 6,
    sql: `
      ALTER TABLE requests ADD COLUMN announce_due BOOLEAN NOT NULL DEFAULT false;
      ALTER TABLE requests ADD COLUMN announce_until TIMESTAMPTZ;
      ALTER TABLE requests ADD COLUMN announce_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE requests ADD COLUMN announced_parts TEXT[] NOT NULL DEFAULT '{}';
      UPDATE requests r SET announce_due = true, announced_parts = j.announced_parts
        FROM jobs j WHERE j.request_id = r.id AND j.notified_at IS NULL AND j.state IN ('done', 'needs-human');
      CREATE INDEX requests_to_announce ON requests (id) WHERE announce_due;
    `,
  },
  {
    // Reminders go through the outbox too, so one request can have announcements one after another (a reminder, then
    // its outcome; an unknown outcome, then the settled one). announce_attempts starts again with each; announce_claims
    // moves on with every claim and every new announcement, and fences the writes of a claim of an earlier one.
    // stop_requested: who asked a running bulk request to stop, and when (JSON); its rows not yet started are not run.
    version: 7,
    sql: `
      ALTER TABLE requests ADD COLUMN announce_claims INTEGER NOT NULL DEFAULT 0;
      UPDATE requests SET announce_claims = announce_attempts;
      ALTER TABLE requests ADD COLUMN stop_requested JSONB;
    `,
  },
  {
    // The users a request with many targets acts on (a bulk request's rows), so `history <upn>` and search find it.
    // Bulk requests filed before this version get theirs from their stored rows.
    version: 8,
    sql: `
      CREATE TABLE request_targets (
        request_id BIGINT NOT NULL REFERENCES requests (id),
        target_user TEXT NOT NULL,
        PRIMARY KEY (target_user, request_id)
      );
      INSERT INTO request_targets (request_id, target_user)
        SELECT DISTINCT r.id, lower(row.value ->> 'user')
        FROM requests r, jsonb_array_elements((r.parameters ->> 'rows')::jsonb) AS row(value)
        WHERE r.operation = 'bulk-change' AND row.value ->> 'user' IS NOT NULL;
    `,
  },
];

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 7_100_001;

/** Applies missing migrations in one transaction under an advisory lock, so replicas starting together do not race. */
export async function migratePostgres(client: PoolClient, now: () => Date): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of POSTGRES_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [migration.version, now().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
