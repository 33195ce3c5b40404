// The audit record's columns after sequence and id, and the triggers that keep the table append-only: written once
// because migration 5 rebuilds the table with them.
const AUDIT_RECORD_COLUMNS = `creation_time TEXT NOT NULL,
        operation TEXT NOT NULL,
        user_id TEXT NOT NULL,
        actor_object_id TEXT NOT NULL,
        object_id TEXT NOT NULL,
        parameters TEXT NOT NULL,
        result_status TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        request_id INTEGER,
        request_hash TEXT,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL`;

const AUDIT_LOG_GUARDS = `CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_archive_only BEFORE DELETE ON audit_log
        WHEN OLD.sequence > COALESCE((SELECT sequence FROM audit_anchor WHERE id = 1), 0)
        BEGIN SELECT RAISE(ABORT, 'audit records leave only through an archive'); END;`;

/** Versioned schema changes, applied in order at start; never edit what one does once it has shipped. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        operation TEXT NOT NULL,
        parameters TEXT NOT NULL,
        requester_object_id TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        target_object_id TEXT,
        state TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        nonce TEXT NOT NULL,
        approvals_required INTEGER NOT NULL,
        preview TEXT NOT NULL,
        before_state TEXT NOT NULL,
        result TEXT,
        origin_conversation_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX requests_by_requester ON requests (requester_object_id, id);
      CREATE TABLE votes (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        approver_object_id TEXT NOT NULL,
        approver_name TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (request_id, approver_object_id)
      );
      CREATE TABLE audit_log (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        ${AUDIT_RECORD_COLUMNS}
      );
      CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        reference TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE card_copies (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        conversation_id TEXT NOT NULL,
        activity_id TEXT NOT NULL,
        audience TEXT NOT NULL CHECK (audience IN ('approvers', 'requester')),
        PRIMARY KEY (request_id, conversation_id, activity_id)
      );
    `,
  },
  {
    // Approvals (issue 4): expiry, reminders, target user for history/search, votes bound to the request hash.
    version: 2,
    sql: `
      ALTER TABLE requests ADD COLUMN target_user TEXT;
      ALTER TABLE requests ADD COLUMN expires_at TEXT NOT NULL DEFAULT '9999-12-31T23:59:59.999Z';
      ALTER TABLE requests ADD COLUMN reminded_at TEXT;
      CREATE INDEX requests_by_state ON requests (state, expires_at);
      CREATE INDEX requests_by_target ON requests (target_user, id);
      ALTER TABLE votes ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    // Audit trail: lookups for the chat and export, the archive anchor, and append-only guards. A deleted
    // record is allowed only at or below the anchor, which is moved in the same transaction as the archive.
    version: 3,
    sql: `
      CREATE INDEX audit_by_request ON audit_log (request_id, sequence);
      CREATE INDEX audit_by_object ON audit_log (object_id COLLATE NOCASE, sequence);
      CREATE INDEX audit_by_time ON audit_log (creation_time, sequence);
      CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sequence INTEGER NOT NULL,
        hash TEXT NOT NULL,
        archived_at TEXT NOT NULL,
        archive TEXT NOT NULL
      );
      ${AUDIT_LOG_GUARDS}
    `,
  },
  {
    // Runbooks (issue 8): one instance per tenant and procedure, and the last record of each of its steps.
    version: 4,
    sql: `
      CREATE TABLE runbooks (
        tenant_id TEXT NOT NULL,
        name TEXT NOT NULL,
        parameters TEXT NOT NULL,
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
        request_id INTEGER REFERENCES requests (id),
        note TEXT,
        PRIMARY KEY (tenant_id, runbook, step),
        FOREIGN KEY (tenant_id, runbook) REFERENCES runbooks (tenant_id, name)
      );
      CREATE INDEX runbook_steps_by_request ON runbook_steps (request_id);
    `,
  },
  {
    // Every append writes one page per index into the WAL before its fsync, so the audit table keeps only the
    // indexes the chat lookups need (`audit 42`, `audit <upn>`). The id (a random UUID) loses its UNIQUE index
    // and the export by time scans by sequence. SQLite cannot drop a constraint, hence the rebuild; the rows,
    // and so the chain, are copied unchanged.
    version: 5,
    sql: `
      DROP TRIGGER audit_log_append_only;
      DROP TRIGGER audit_log_archive_only;
      CREATE TABLE audit_log_lean (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        ${AUDIT_RECORD_COLUMNS}
      );
      INSERT INTO audit_log_lean SELECT sequence, id, creation_time, operation, user_id, actor_object_id, object_id,
        parameters, result_status, tenant_id, request_id, request_hash, previous_hash, hash FROM audit_log ORDER BY sequence;
      DROP TABLE audit_log;
      ALTER TABLE audit_log_lean RENAME TO audit_log;
      CREATE INDEX audit_by_request ON audit_log (request_id, sequence);
      CREATE INDEX audit_by_object ON audit_log (object_id COLLATE NOCASE, sequence);
      ${AUDIT_LOG_GUARDS}
    `,
  },
  {
    // Filing looks for an open request asking for the same change (src/domain/requests/change-key.ts); rows
    // written before this get their key when the store opens (keyEarlierRequests).
    version: 6,
    sql: `
      ALTER TABLE requests ADD COLUMN change_key TEXT;
      CREATE INDEX requests_by_change ON requests (change_key, id);
    `,
  },
  {
    // The outbox of finished requests (AnnouncementOutbox in src/ports/store.ts): a request that reaches a final state
    // is due to be announced, leased to one announcer at a time, its parts recorded as they are sent. Requests that
    // finished before this version were announced by the process that finished them.
    version: 7,
    sql: `
      ALTER TABLE requests ADD COLUMN announce_due INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE requests ADD COLUMN announce_until TEXT;
      ALTER TABLE requests ADD COLUMN announce_attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE requests ADD COLUMN announced_parts TEXT NOT NULL DEFAULT '[]';
      CREATE INDEX requests_to_announce ON requests (id) WHERE announce_due = 1;
    `,
  },
  {
    // Reminders go through the outbox too, so one request can have announcements one after another (a reminder, then
    // its outcome; an unknown outcome, then the settled one). announce_attempts starts again with each; announce_claims
    // moves on with every claim and every new announcement, and fences the writes of a claim of an earlier one.
    // stop_requested: who asked a running bulk request to stop, and when (JSON); its rows not yet started are not run.
    version: 8,
    sql: `
      ALTER TABLE requests ADD COLUMN announce_claims INTEGER NOT NULL DEFAULT 0;
      UPDATE requests SET announce_claims = announce_attempts;
      ALTER TABLE requests ADD COLUMN stop_requested TEXT;
    `,
  },
  {
    // The users a request with many targets acts on (a bulk request's rows), so `history <upn>` and search find it.
    // Bulk requests filed before this version get theirs from their stored rows.
    version: 9,
    sql: `
      CREATE TABLE request_targets (
        request_id INTEGER NOT NULL REFERENCES requests (id),
        target_user TEXT NOT NULL,
        PRIMARY KEY (target_user, request_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO request_targets (request_id, target_user)
        SELECT r.id, lower(json_extract(row.value, '$.user'))
        FROM requests r, json_each(json_extract(r.parameters, '$.rows')) row
        WHERE r.operation = 'bulk-change' AND json_extract(row.value, '$.user') IS NOT NULL;
    `,
  },
];
