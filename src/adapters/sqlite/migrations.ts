/** Versioned schema changes, applied in order at start; never edit one that has shipped. */
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
        creation_time TEXT NOT NULL,
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
        hash TEXT NOT NULL
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
];
