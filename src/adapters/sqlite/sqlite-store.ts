import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { type AuditEntry, type AuditEntryProtector, type AuditRecord, GENESIS_HASH, sealAuditRecord } from '../../domain/audit/audit-record';
import type { NewRunbook, RunbookInstance, RunbookStepRecord } from '../../domain/runbooks/runbook';
import { FINAL_STATES, type NewRequest, type RequestResult, type RequestState, type StopRequest, type Vote, type VoiceRequest } from '../../domain/requests/request';
import type { AuditAnchor, AuditQuery, CardCopy, RequestQuery, Store, StoredConversation, VoteOutcome } from '../../ports/store';
import type { AnnouncementClaim, AnnouncementPart } from '../../ports/store';
import { DurableCommits, NOTHING_TO_SYNC, type WalFile, walFileOf } from './durable-commits';
import { MIGRATIONS } from './migrations';
import { noteColumn, type RunbookRow, type RunbookStepRow, toRunbook } from '../runbook-rows';
import { type AuditRow, toAuditRecord } from '../audit-rows';
import { changeKeyOfRow, NEW_REQUEST_COLUMNS, newRequestValues, type RequestRow, toRequest, UNKEYED_REQUESTS_BATCH } from '../request-rows';
import { selectAnchor, selectAudit } from './sqlite-audit-rows';

type Statement = Database.Statement;

const STATEMENT_CACHE_LIMIT = 256;

// A request entering a final state, or due a reminder, becomes due to be announced, afresh (see AnnouncementOutbox):
// attempts and parts start again, and announce_claims moves on, so the claim of an earlier announcement can no longer
// write.
const ANNOUNCE_DUE = ", announce_due = 1, announce_until = NULL, announce_attempts = 0, announce_claims = announce_claims + 1, announced_parts = '[]'";

const WITHOUT_APPROVERS_CARD = "NOT EXISTS (SELECT 1 FROM card_copies c WHERE c.request_id = requests.id AND c.audience = 'approvers')";

const leaseTime = (fromNowMs: number) => new Date(Date.now() + fromNowMs).toISOString();

/**
 * The embedded store: one SQLite file in WAL mode. Every write is reported done only once its commit is on disk
 * (DurableCommits syncs the WAL off the event loop), so a commit survives power loss.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly commits: DurableCommits;
  private readonly statements = new Map<string, Statement>();
  private readonly protectAudit: AuditEntryProtector;
  private auditStatements:
    | { head: Database.Statement; insert: Database.Statement }
    | undefined;

  constructor(
    path: string,
    private readonly now: () => Date = () => new Date(),
    options: { protectAudit?: AuditEntryProtector; walFile?: (databasePath: string) => WalFile } = {},
  ) {
    this.protectAudit = options.protectAudit ?? ((entry) => entry);
    this.db = new Database(path);
    const inWalMode = this.db.pragma('journal_mode = WAL', { simple: true }) === 'wal';
    // In WAL mode, NORMAL: a commit writes the WAL without fsync and DurableCommits syncs it before any caller hears
    // of the write. Where WAL is unavailable (in memory), SQLite syncs each commit itself.
    this.db.pragma(inWalMode ? 'synchronous = NORMAL' : 'synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.commits = new DurableCommits(this.db, inWalMode ? (options.walFile ?? walFileOf)(path) : NOTHING_TO_SYNC);
    this.migrate();
    this.keyEarlierRequests();
    this.commits.syncNow();
  }

  // Requests filed before migration 6 get their change key, so a repeat of one still open is recognised.
  private keyEarlierRequests(): void {
    const unkeyed = this.db.prepare(`SELECT id, tenant_id, operation, parameters FROM requests WHERE change_key IS NULL LIMIT ${UNKEYED_REQUESTS_BATCH}`);
    const update = this.db.prepare('UPDATE requests SET change_key = ? WHERE id = ? AND change_key IS NULL');
    for (;;) {
      const rows = unkeyed.all() as (Pick<RequestRow, 'tenant_id' | 'operation' | 'parameters'> & { id: number })[];
      if (rows.length === 0) return;
      this.db.transaction(() => rows.forEach((row) => update.run(changeKeyOfRow(row), row.id))).immediate();
    }
  }

  // Each migration in its own IMMEDIATE transaction that re-checks whether it is applied, so processes
  // opening a fresh file at the same moment apply it once.
  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = this.db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
    for (const migration of MIGRATIONS) {
      this.db.transaction(() => {
        if (applied.get(migration.version)) return;
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, this.timestamp());
      }).immediate();
    }
  }

  /**
   * Statements prepared once per SQL text: better-sqlite3 compiles the SQL again on every prepare(), which was
   * ~0.2 ms of each filed request. The texts are fixed or built from a bounded set of filters.
   */
  private statement(sql: string): Statement {
    // After a failed sync the file may not hold what this connection reads: answer nothing rather than that.
    this.commits.assertDurable();
    let prepared = this.statements.get(sql);
    if (!prepared) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  // Prepared once: an append is on every step's path, and a record appended alone is its own transaction.
  private audit() {
    this.auditStatements ??= {
      head: this.db.prepare('SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1'),
      insert: this.db.prepare(
        `INSERT INTO audit_log (sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters,
          result_status, tenant_id, request_id, request_hash, previous_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    return this.auditStatements;
  }

  // Appends inside the caller's transaction; BEGIN IMMEDIATE (better-sqlite3's .immediate) keeps writers serial,
  // so the head read here is the head the new record chains to: no gaps, no forks, across processes too.
  private append(entry: AuditEntry): AuditRecord {
    const statements = this.audit();
    const head = (statements.head.get() as { sequence: number; hash: string } | undefined) ?? this.anchorRow();
    const r = sealAuditRecord(this.protectAudit(entry), {
      sequence: (head?.sequence ?? 0) + 1,
      id: randomUUID(),
      creationTime: this.timestamp(),
      previousHash: head?.hash ?? GENESIS_HASH,
    });
    statements.insert.run(
      r.sequence, r.id, r.creationTime, r.operation, r.userId, r.actorObjectId, r.objectId, JSON.stringify(r.parameters),
      r.resultStatus, r.tenantId, r.requestId, r.requestHash, r.previousHash, r.hash,
    );
    return r;
  }

  // When every record has been archived, the next one chains to the anchor.
  private anchorRow(): AuditAnchor | undefined {
    return selectAnchor(this.db);
  }

  private write<T>(work: () => T): Promise<T> {
    return this.commits.write(work);
  }

  async createRequest(request: NewRequest, audit: (request: VoiceRequest) => AuditEntry): Promise<VoiceRequest> {
    return this.write(() => {
      const at = this.timestamp();
      const info = this.statement(
        `INSERT INTO requests (${NEW_REQUEST_COLUMNS}, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
      ).run(...newRequestValues(request, at));
      const created = this.readRequest(Number(info.lastInsertRowid)) as VoiceRequest;
      const target = this.statement('INSERT OR IGNORE INTO request_targets (request_id, target_user) VALUES (?, ?)');
      for (const user of request.targetUsers ?? []) target.run(created.id, user.toLowerCase());
      this.append(audit(created));
      return created;
    });
  }

  private readRequest(id: number): VoiceRequest | undefined {
    const row = this.statement('SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
    return row && toRequest(row);
  }

  async getRequest(id: number): Promise<VoiceRequest | undefined> {
    return this.readRequest(id);
  }

  async listRequestsByRequester(requesterObjectId: string, limit: number): Promise<VoiceRequest[]> {
    const rows = this.statement('SELECT * FROM requests WHERE requester_object_id = ? ORDER BY id DESC LIMIT ?')
      .all(requesterObjectId, limit) as RequestRow[];
    return rows.map(toRequest);
  }

  async findRequests(query: RequestQuery): Promise<VoiceRequest[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.states) {
      // About one user, their requests are the few to look at: "+state" keeps the planner on the user's index rather
      // than reading every open request of the tenant and sorting them (thousands under load).
      where.push(`${query.targetUser !== undefined ? '+' : ''}state IN (${query.states.map(() => '?').join(', ') || "''"})`);
      args.push(...query.states);
    }
    if (query.requesterObjectId !== undefined) {
      where.push('requester_object_id = ?');
      args.push(query.requesterObjectId);
    }
    if (query.expiresAtOrBefore !== undefined) {
      where.push('expires_at <= ?');
      args.push(query.expiresAtOrBefore);
    }
    if (query.changeKey !== undefined) {
      where.push('change_key = ?');
      args.push(query.changeKey);
    }
    if (query.createdAtOrBefore !== undefined) {
      where.push('created_at <= ?');
      args.push(query.createdAtOrBefore);
    }
    if (query.withoutApproversCard) where.push(WITHOUT_APPROVERS_CARD);
    if (query.targetUser !== undefined) return this.findRequestsAbout(query.targetUser, where, args, query.limit);
    const rows = this.statement(`SELECT * FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`)
      .all(...args, query.limit) as RequestRow[];
    return rows.map(toRequest);
  }

  /**
   * Requests about one user: those naming them as their target and those with a row for them (bulk), each read
   * newest first along its own index and stopped at the limit, then merged.
   */
  private findRequestsAbout(user: string, where: string[], args: unknown[], limit: number): VoiceRequest[] {
    const and = where.map((condition) => ` AND ${condition}`).join('');
    const direct = this.statement(`SELECT * FROM requests WHERE target_user = ?${and} ORDER BY id DESC LIMIT ?`).all(user, ...args, limit) as RequestRow[];
    const byRow = this.statement(
      `SELECT requests.* FROM request_targets JOIN requests ON requests.id = request_targets.request_id WHERE request_targets.target_user = ?${and} ORDER BY request_targets.request_id DESC LIMIT ?`,
    ).all(user, ...args, limit) as RequestRow[];
    const byId = new Map([...direct, ...byRow].map((row) => [Number(row.id), row]));
    return [...byId.entries()].sort(([a], [b]) => b - a).slice(0, limit).map(([, row]) => toRequest(row));
  }

  async votes(requestId: number): Promise<Vote[]> {
    const rows = this.statement('SELECT approver_object_id, approver_name, decision, comment, at, request_hash FROM votes WHERE request_id = ? ORDER BY at, approver_object_id')
      .all(requestId) as { approver_object_id: string; approver_name: string; decision: Vote['decision']; comment: string | null; at: string; request_hash: string }[];
    return rows.map((r) => ({
      approver: { objectId: r.approver_object_id, name: r.approver_name },
      decision: r.decision,
      comment: r.comment,
      at: r.at,
      requestHash: r.request_hash,
    }));
  }

  // One vote per approver; a vote cast on an earlier request hash no longer counts and may be cast afresh.
  private insertVote(requestId: number, vote: Vote): boolean {
    const info = this.statement(
      `INSERT INTO votes (request_id, approver_object_id, approver_name, decision, comment, at, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (request_id, approver_object_id) DO UPDATE SET
         approver_name = excluded.approver_name, decision = excluded.decision, comment = excluded.comment,
         at = excluded.at, request_hash = excluded.request_hash
       WHERE votes.request_hash <> excluded.request_hash`,
    ).run(requestId, vote.approver.objectId, vote.approver.name, vote.decision, vote.comment, vote.at, vote.requestHash);
    return info.changes === 1;
  }

  async recordApproval(requestId: number, vote: Vote, audit: AuditEntry, approvedAudit: AuditEntry): Promise<VoteOutcome> {
    return this.write(() => {
      const request = this.readRequest(requestId);
      if (!request || request.state !== 'pending') return { counted: false, approvals: 0, approved: false };
      const counted = this.insertVote(requestId, vote);
      const { approvals } = this.statement("SELECT COUNT(*) AS approvals FROM votes WHERE request_id = ? AND decision = 'approve' AND request_hash = ?")
        .get(requestId, request.requestHash) as { approvals: number };
      if (!counted) return { counted, approvals, approved: false };
      this.append(audit);
      if (approvals < request.approvalsRequired) return { counted, approvals, approved: false };
      this.setState(requestId, ['pending'], 'approved');
      this.append(approvedAudit);
      return { counted, approvals, approved: true };
    });
  }

  private setState(requestId: number, from: readonly RequestState[], to: RequestState, result?: RequestResult): boolean {
    const placeholders = from.map(() => '?').join(', ');
    const info = this.statement(
      `UPDATE requests SET state = ?, updated_at = ?, result = COALESCE(?, result)${FINAL_STATES.includes(to) ? ANNOUNCE_DUE : ''}
       WHERE id = ? AND state IN (${placeholders})`,
    ).run(to, this.timestamp(), result ? JSON.stringify(result) : null, requestId, ...from);
    return info.changes === 1;
  }

  async transition(
    requestId: number,
    from: readonly RequestState[],
    to: RequestState,
    audit: AuditEntry,
    changes: { result?: RequestResult; vote?: Vote } = {},
  ): Promise<boolean> {
    return this.write(() => {
      if (!this.setState(requestId, from, to, changes.result)) return false;
      if (changes.vote) this.insertVote(requestId, changes.vote);
      this.append(audit);
      return true;
    });
  }

  // Announcement leases run on the machine's clock, as PostgreSQL's do on the database's: the injected clock is the
  // requests' own time (expiry, reminders), which tests move and hold still.
  async claimAnnouncements(limit: number, leaseMs: number): Promise<AnnouncementClaim[]> {
    const due = this.statement(
      'SELECT id FROM requests WHERE announce_due = 1 AND (announce_until IS NULL OR announce_until < ?) ORDER BY id LIMIT ?',
    );
    // The announcer polls: most polls find nothing, and looking first spares them the write lock and a sync.
    if (!due.get(leaseTime(0), limit)) return [];
    return this.write(() => {
      const until = leaseTime(leaseMs);
      const claim = this.statement(
        `UPDATE requests SET announce_until = ?, announce_attempts = announce_attempts + 1, announce_claims = announce_claims + 1
         WHERE id = ? RETURNING announce_attempts, announce_claims, announced_parts`,
      );
      return (due.all(leaseTime(0), limit) as { id: number }[]).map(({ id }) => {
        const row = claim.get(until, id) as { announce_attempts: number; announce_claims: number; announced_parts: string };
        return { requestId: id, attempt: row.announce_attempts, claim: row.announce_claims, partsDone: JSON.parse(row.announced_parts) as AnnouncementPart[] };
      });
    });
  }

  async announcedPart(claim: AnnouncementClaim, part: AnnouncementPart): Promise<boolean> {
    return this.write(
      () =>
        this.statement(
          `UPDATE requests SET announced_parts = json_insert(announced_parts, '$[#]', ?)
           WHERE id = ? AND announce_claims = ? AND announce_due = 1
             AND NOT EXISTS (SELECT 1 FROM json_each(requests.announced_parts) WHERE value = ?)`,
        ).run(part, claim.requestId, claim.claim, part).changes === 1,
    );
  }

  async finishAnnouncement(claim: AnnouncementClaim): Promise<boolean> {
    return this.write(
      () =>
        this.statement('UPDATE requests SET announce_due = 0, announce_until = NULL WHERE id = ? AND announce_claims = ? AND announce_due = 1')
          .run(claim.requestId, claim.claim).changes === 1,
    );
  }

  async retryAnnouncementAfter(claim: AnnouncementClaim, delayMs: number): Promise<boolean> {
    const at = leaseTime(delayMs);
    return this.write(
      () =>
        this.statement('UPDATE requests SET announce_until = ? WHERE id = ? AND announce_claims = ? AND announce_due = 1')
          .run(at, claim.requestId, claim.claim).changes === 1,
    );
  }

  /**
   * Embedded start: one bot process per SQLite file, so claims still held, and waits before retries, belong to a
   * process that is gone; its announcements are due now. Returns how many.
   */
  async releaseAnnouncementClaims(): Promise<number> {
    return this.write(
      () => this.statement('UPDATE requests SET announce_until = NULL WHERE announce_due = 1 AND announce_until IS NOT NULL').run().changes,
    );
  }

  async markReminded(requestId: number, audit: AuditEntry): Promise<boolean> {
    return this.write(() => {
      const info = this.statement(`UPDATE requests SET reminded_at = ?${ANNOUNCE_DUE} WHERE id = ? AND state = 'pending' AND reminded_at IS NULL`)
        .run(this.timestamp(), requestId);
      if (info.changes !== 1) return false;
      this.append(audit);
      return true;
    });
  }

  async stopRequestOf(requestId: number): Promise<StopRequest | null> {
    const row = this.statement('SELECT stop_requested FROM requests WHERE id = ?').get(requestId) as { stop_requested: string | null } | undefined;
    return row?.stop_requested ? (JSON.parse(row.stop_requested) as StopRequest) : null;
  }

  async requestStop(requestId: number, stop: StopRequest, audit: AuditEntry): Promise<boolean> {
    return this.write(() => {
      const info = this.statement("UPDATE requests SET stop_requested = ? WHERE id = ? AND state = 'running' AND stop_requested IS NULL")
        .run(JSON.stringify(stop), requestId);
      if (info.changes !== 1) return false;
      this.append(audit);
      return true;
    });
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    // Durable before it returns, like the synchronous=FULL insert the audit bench compares it with.
    return this.commits.writeNow(() => this.append(entry));
  }

  async auditRecords(fromSequence = 1): Promise<AuditRecord[]> {
    const rows = this.statement('SELECT * FROM audit_log WHERE sequence >= ? ORDER BY sequence').all(fromSequence) as AuditRow[];
    return rows.map(toAuditRecord);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    this.commits.assertDurable();
    return selectAudit(this.db, query);
  }

  async auditAnchor(): Promise<AuditAnchor | undefined> {
    this.commits.assertDurable();
    return this.anchorRow();
  }

  async archiveAudit(anchor: AuditAnchor): Promise<number> {
    return this.write(() => {
      const current = this.anchorRow();
      if (current && anchor.sequence <= current.sequence) {
        throw new Error(`records up to ${current.sequence} are archived already`);
      }
      const row = this.statement('SELECT hash FROM audit_log WHERE sequence = ?').get(anchor.sequence) as { hash: string } | undefined;
      if (!row || row.hash !== anchor.hash) throw new Error(`audit record ${anchor.sequence} does not have the hash being archived`);
      this.statement(
        `INSERT INTO audit_anchor (id, sequence, hash, archived_at, archive) VALUES (1, @sequence, @hash, @archivedAt, @archive)
         ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash,
           archived_at = excluded.archived_at, archive = excluded.archive`,
      ).run(anchor);
      return this.statement('DELETE FROM audit_log WHERE sequence <= ?').run(anchor.sequence).changes;
    });
  }

  async saveConversation(conversation: StoredConversation): Promise<void> {
    // Through write(): with synchronous=NORMAL a lone statement would not be synced, and proactive messages need it.
    await this.write(() =>
      this.statement(
        `INSERT INTO conversations (conversation_id, reference, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      ).run(conversation.conversationId, JSON.stringify(conversation.reference), this.timestamp()),
    );
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const row = this.statement('SELECT reference FROM conversations WHERE conversation_id = ?').get(conversationId) as
      | { reference: string }
      | undefined;
    return row && { conversationId, reference: JSON.parse(row.reference) };
  }

  async addCardCopies(requestId: number, copies: readonly CardCopy[]): Promise<void> {
    const insert = this.statement('INSERT OR IGNORE INTO card_copies (request_id, conversation_id, activity_id, audience) VALUES (?, ?, ?, ?)');
    return this.write(() => copies.forEach((copy) => insert.run(requestId, copy.conversationId, copy.activityId, copy.audience)));
  }

  async cardCopies(requestId: number): Promise<CardCopy[]> {
    const rows = this.statement('SELECT conversation_id, activity_id, audience FROM card_copies WHERE request_id = ? ORDER BY rowid')
      .all(requestId) as { conversation_id: string; activity_id: string; audience: CardCopy['audience'] }[];
    return rows.map((r) => ({ conversationId: r.conversation_id, activityId: r.activity_id, audience: r.audience }));
  }

  async saveRunbook(runbook: NewRunbook, audit: AuditEntry): Promise<RunbookInstance> {
    return this.write(() => {
      const at = this.timestamp();
      this.statement(
        `INSERT INTO runbooks (tenant_id, name, parameters, started_by_object_id, started_by_name, started_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, name) DO UPDATE SET parameters = excluded.parameters, updated_at = excluded.updated_at`,
      ).run(runbook.tenantId, runbook.name, JSON.stringify(runbook.parameters), runbook.startedBy.objectId, runbook.startedBy.name, at, at);
      this.append(audit);
      return this.readRunbook(runbook.tenantId, runbook.name) as RunbookInstance;
    });
  }

  private readRunbook(tenantId: string, name: string): RunbookInstance | undefined {
    const row = this.statement('SELECT * FROM runbooks WHERE tenant_id = ? AND name = ?').get(tenantId, name) as RunbookRow | undefined;
    if (!row) return undefined;
    const steps = this.statement('SELECT * FROM runbook_steps WHERE tenant_id = ? AND runbook = ? ORDER BY step')
      .all(tenantId, name) as RunbookStepRow[];
    return toRunbook(row, steps);
  }

  async getRunbook(tenantId: string, name: string): Promise<RunbookInstance | undefined> {
    return this.readRunbook(tenantId, name);
  }

  async listRunbooks(tenantId: string): Promise<RunbookInstance[]> {
    const names = this.statement('SELECT name FROM runbooks WHERE tenant_id = ? ORDER BY name').all(tenantId) as { name: string }[];
    return names.map((r) => this.readRunbook(tenantId, r.name) as RunbookInstance);
  }

  async recordRunbookStep(tenantId: string, name: string, record: RunbookStepRecord, audit: AuditEntry): Promise<void> {
    return this.write(() => {
      this.statement(
        `INSERT INTO runbook_steps (tenant_id, runbook, step, state, actor_object_id, actor_name, at, request_id, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, runbook, step) DO UPDATE SET state = excluded.state, actor_object_id = excluded.actor_object_id,
           actor_name = excluded.actor_name, at = excluded.at, request_id = excluded.request_id, note = excluded.note`,
      ).run(tenantId, name, record.step, record.state, record.actor?.objectId ?? null, record.actor?.name ?? null, record.at, record.requestId, noteColumn(record));
      this.statement('UPDATE runbooks SET updated_at = ? WHERE tenant_id = ? AND name = ?').run(this.timestamp(), tenantId, name);
      this.append(audit);
    });
  }

  async runbookStepOfRequest(requestId: number): Promise<{ tenantId: string; name: string; step: string } | undefined> {
    const row = this.statement('SELECT tenant_id, runbook, step FROM runbook_steps WHERE request_id = ?').get(requestId) as
      | { tenant_id: string; runbook: string; step: string }
      | undefined;
    return row && { tenantId: row.tenant_id, name: row.runbook, step: row.step };
  }

  async close(): Promise<void> {
    await this.commits.idle();
    this.db.close();
    this.commits.close();
  }
}
