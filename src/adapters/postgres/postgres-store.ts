import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { type AuditEntry, type AuditEntryProtector, type AuditRecord, sealAuditRecord } from '../../domain/audit/audit-record';
import { findOperation } from '../../domain/operations/catalog';
import type { NewRunbook, RunbookInstance, RunbookStepRecord } from '../../domain/runbooks/runbook';
import { type AuditRow, toAuditRecord } from '../audit-rows';
import { changeKeyOfRow, NEW_REQUEST_COLUMNS, newRequestValues, type RequestRow, toRequest, UNKEYED_REQUESTS_BATCH } from '../request-rows';
import { noteColumn, toRunbook } from '../runbook-rows';
import { FINAL_STATES, type NewRequest, type RequestResult, type RequestState, type StopRequest, type Vote, type VoiceRequest } from '../../domain/requests/request';
import type { AuditAnchor, AuditQuery, CardCopy, RequestQuery, Store, StoredConversation, VoteOutcome } from '../../ports/store';
import type { AnnouncementClaim, AnnouncementPart } from '../../ports/store';
import { migratePostgres } from './migrations';

/** Thrown when a write carries a fencing token that is no longer current: the transaction changed nothing. */
export class FencedWriteError extends Error {
  constructor(readonly jobId: number, readonly fence: number) {
    super(`job ${jobId} is no longer held with fence ${fence}; the write was discarded`);
    this.name = 'FencedWriteError';
  }
}

/** A job lease a worker holds: its writes count only while the job still carries this fence. */
export interface Fence {
  jobId: number;
  fence: number;
}

export interface PostgresStoreOptions {
  connectionString: string;
  /** Connections in this process's pool. Default 10. */
  poolSize?: number;
  now?: () => Date;
  /** HMAC of sensitive values before an entry is sealed (src/audit); identity when absent. */
  protectAudit?: AuditEntryProtector;
}

// A request entering a final state, or due a reminder, becomes due to be announced, afresh (see AnnouncementOutbox):
// attempts and parts start again, and announce_claims moves on, so the claim of an earlier announcement can no longer
// write.
const ANNOUNCE_DUE = ", announce_due = true, announce_until = NULL, announce_attempts = 0, announce_claims = announce_claims + 1, announced_parts = '{}'";

/** NOTIFY channel that wakes workers waiting for jobs; the payload is the job's target. */
export const JOBS_CHANNEL = 'voiceops_jobs';

/**
 * The shared store for several replicas and workers. Every method is one transaction; audit appends lock the
 * single chain-head row, which keeps the hash chain linear whichever process writes. A store made with
 * `fencedBy` refuses every write once its job has moved on (lease expired, job reclaimed).
 */
export class PostgresStore implements Store {
  private constructor(
    readonly pool: Pool,
    private readonly now: () => Date,
    private readonly fence: Fence | undefined,
    private readonly ownsPool: boolean,
    private readonly protectAudit: AuditEntryProtector,
  ) {}

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client's error (server restart, network) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    const now = options.now ?? (() => new Date());
    const client = await pool.connect();
    try {
      await migratePostgres(client, now);
      await keyEarlierRequests(client);
    } finally {
      client.release();
    }
    return new PostgresStore(pool, now, undefined, true, options.protectAudit ?? ((entry) => entry));
  }

  /** The same store, but every write first checks that `fence` still holds its job (and fails if not). */
  fencedBy(fence: Fence): PostgresStore {
    return new PostgresStore(this.pool, this.now, fence, false, this.protectAudit);
  }

  private timestamp(): string {
    return this.now().toISOString();
  }

  /** One transaction; rolled back on any error. Fenced stores check their fence first, under the job's row lock. */
  private async write<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (this.fence) {
        const held = await client.query(
          "SELECT 1 FROM jobs WHERE id = $1 AND fence = $2 AND state IN ('started', 'reconciling') FOR UPDATE",
          [this.fence.jobId, this.fence.fence],
        );
        if (held.rowCount !== 1) throw new FencedWriteError(this.fence.jobId, this.fence.fence);
      }
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  // Inside the caller's transaction: the head row lock is taken last, so it is held only for the append itself.
  private async append(client: PoolClient, entry: AuditEntry): Promise<AuditRecord> {
    const head = await client.query<{ sequence: string; hash: string }>('SELECT sequence, hash FROM audit_head FOR UPDATE');
    const record = sealAuditRecord(this.protectAudit(entry), {
      sequence: Number(head.rows[0].sequence) + 1,
      id: randomUUID(),
      creationTime: this.timestamp(),
      previousHash: head.rows[0].hash,
    });
    await client.query(
      `INSERT INTO audit_log (sequence, id, creation_time, operation, user_id, actor_object_id, object_id, parameters,
        result_status, tenant_id, request_id, request_hash, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        record.sequence,
        record.id,
        record.creationTime,
        record.operation,
        record.userId,
        record.actorObjectId,
        record.objectId,
        JSON.stringify(record.parameters),
        record.resultStatus,
        record.tenantId,
        record.requestId,
        record.requestHash,
        record.previousHash,
        record.hash,
      ],
    );
    await client.query('UPDATE audit_head SET sequence = $1, hash = $2', [record.sequence, record.hash]);
    return record;
  }

  async createRequest(request: NewRequest, audit: (request: VoiceRequest) => AuditEntry): Promise<VoiceRequest> {
    return this.write(async (client) => {
      const at = this.timestamp();
      const { rows } = await client.query<RequestRow>(
        `INSERT INTO requests (${NEW_REQUEST_COLUMNS}, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'pending') RETURNING *`,
        newRequestValues(request, at),
      );
      const created = toRequest(rows[0]);
      const users = [...new Set((request.targetUsers ?? []).map((user) => user.toLowerCase()))];
      if (users.length > 0) {
        await client.query('INSERT INTO request_targets (request_id, target_user) SELECT $1, unnest($2::text[])', [created.id, users]);
      }
      await this.append(client, audit(created));
      return created;
    });
  }

  async getRequest(id: number): Promise<VoiceRequest | undefined> {
    const { rows } = await this.pool.query<RequestRow>('SELECT * FROM requests WHERE id = $1', [id]);
    return rows[0] && toRequest(rows[0]);
  }

  async listRequestsByRequester(requesterObjectId: string, limit: number): Promise<VoiceRequest[]> {
    const { rows } = await this.pool.query<RequestRow>(
      'SELECT * FROM requests WHERE requester_object_id = $1 ORDER BY id DESC LIMIT $2',
      [requesterObjectId, limit],
    );
    return rows.map(toRequest);
  }

  async findRequests(query: RequestQuery): Promise<VoiceRequest[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const filter = (clause: (n: string) => string, value: unknown) => {
      if (value === undefined) return;
      args.push(value);
      where.push(clause(`$${args.length}`));
    };
    filter((n) => `state = ANY(${n}::text[])`, query.states ? [...query.states] : undefined);
    filter((n) => `requester_object_id = ${n}`, query.requesterObjectId);
    filter((n) => `(target_user = ${n} OR id IN (SELECT request_id FROM request_targets WHERE target_user = ${n}))`, query.targetUser);
    filter((n) => `expires_at <= ${n}`, query.expiresAtOrBefore);
    filter((n) => `change_key = ${n}`, query.changeKey);
    filter((n) => `created_at <= ${n}`, query.createdAtOrBefore);
    if (query.withoutApproversCard) where.push("NOT EXISTS (SELECT 1 FROM card_copies c WHERE c.request_id = requests.id AND c.audience = 'approvers')");
    args.push(query.limit);
    const { rows } = await this.pool.query<RequestRow>(
      `SELECT * FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${args.length}`,
      args,
    );
    return rows.map(toRequest);
  }

  async votes(requestId: number): Promise<Vote[]> {
    const { rows } = await this.pool.query<VoteRow>(
      'SELECT approver_object_id, approver_name, decision, comment, at, request_hash FROM votes WHERE request_id = $1 ORDER BY at, approver_object_id',
      [requestId],
    );
    return rows.map((r) => ({
      approver: { objectId: r.approver_object_id, name: r.approver_name },
      decision: r.decision,
      comment: r.comment,
      at: r.at,
      requestHash: r.request_hash,
    }));
  }

  // One vote per approver; a vote cast on an earlier request hash no longer counts and may be cast afresh.
  private async insertVote(client: PoolClient, requestId: number, vote: Vote): Promise<boolean> {
    const info = await client.query(
      `INSERT INTO votes (request_id, approver_object_id, approver_name, decision, comment, at, request_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (request_id, approver_object_id) DO UPDATE SET
         approver_name = excluded.approver_name, decision = excluded.decision, comment = excluded.comment,
         at = excluded.at, request_hash = excluded.request_hash
       WHERE votes.request_hash <> excluded.request_hash`,
      [requestId, vote.approver.objectId, vote.approver.name, vote.decision, vote.comment, vote.at, vote.requestHash],
    );
    return info.rowCount === 1;
  }

  /** Approval that completes a request also queues its execution job, in the same transaction. */
  async recordApproval(requestId: number, vote: Vote, audit: AuditEntry, approvedAudit: AuditEntry): Promise<VoteOutcome> {
    return this.write(async (client) => {
      // The row lock makes concurrent votes on one request (through different replicas) take turns.
      const locked = await client.query<RequestRow>('SELECT * FROM requests WHERE id = $1 FOR UPDATE', [requestId]);
      const request = locked.rows[0] && toRequest(locked.rows[0]);
      if (!request || request.state !== 'pending') return { counted: false, approvals: 0, approved: false };
      const counted = await this.insertVote(client, requestId, vote);
      const count = await client.query<{ approvals: string }>(
        "SELECT COUNT(*) AS approvals FROM votes WHERE request_id = $1 AND decision = 'approve' AND request_hash = $2",
        [requestId, request.requestHash],
      );
      const approvals = Number(count.rows[0].approvals);
      if (!counted) return { counted, approvals, approved: false };
      await this.append(client, audit);
      if (approvals < request.approvalsRequired) return { counted, approvals, approved: false };
      await this.setState(client, requestId, ['pending'], 'approved');
      await this.queueJob(client, request);
      await this.append(client, approvedAudit);
      return { counted, approvals, approved: true };
    });
  }

  private async queueJob(client: PoolClient, request: VoiceRequest): Promise<void> {
    const target = findOperation(request.operation)?.target ?? 'teams';
    await client.query("INSERT INTO jobs (request_id, target, state) VALUES ($1, $2, 'queued') ON CONFLICT (request_id) DO NOTHING", [
      request.id,
      target,
    ]);
  }

  private async setState(
    client: PoolClient,
    requestId: number,
    from: readonly RequestState[],
    to: RequestState,
    result?: RequestResult,
  ): Promise<boolean> {
    const info = await client.query(
      `UPDATE requests SET state = $1, updated_at = $2, result = COALESCE($3::jsonb, result)${FINAL_STATES.includes(to) ? ANNOUNCE_DUE : ''}
       WHERE id = $4 AND state = ANY($5::text[])`,
      [to, this.timestamp(), result ? JSON.stringify(result) : null, requestId, [...from]],
    );
    return info.rowCount === 1;
  }

  async transition(
    requestId: number,
    from: readonly RequestState[],
    to: RequestState,
    audit: AuditEntry,
    changes: { result?: RequestResult; vote?: Vote } = {},
  ): Promise<boolean> {
    return this.write(async (client) => {
      if (!(await this.setState(client, requestId, from, to, changes.result))) return false;
      if (changes.vote) await this.insertVote(client, requestId, changes.vote);
      await this.append(client, audit);
      return true;
    });
  }

  // Leases are measured on the database's clock, the one every replica shares.
  async claimAnnouncements(limit: number, leaseMs: number): Promise<AnnouncementClaim[]> {
    const { rows } = await this.pool.query<{ id: string; announce_attempts: number; announce_claims: number; announced_parts: AnnouncementPart[] }>(
      `UPDATE requests SET announce_until = clock_timestamp() + make_interval(secs => $2::double precision / 1000),
         announce_attempts = announce_attempts + 1, announce_claims = announce_claims + 1
       WHERE id IN (SELECT id FROM requests WHERE announce_due
                      AND (announce_until IS NULL OR announce_until < clock_timestamp())
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, announce_attempts, announce_claims, announced_parts`,
      [limit, leaseMs],
    );
    return rows
      .map((row) => ({ requestId: Number(row.id), attempt: row.announce_attempts, claim: row.announce_claims, partsDone: row.announced_parts }))
      .sort((a, b) => a.requestId - b.requestId);
  }

  async announcedPart(claim: AnnouncementClaim, part: AnnouncementPart): Promise<boolean> {
    const info = await this.pool.query(
      `UPDATE requests SET announced_parts = array_append(announced_parts, $3)
       WHERE id = $1 AND announce_claims = $2 AND announce_due AND NOT ($3 = ANY(announced_parts))`,
      [claim.requestId, claim.claim, part],
    );
    return info.rowCount === 1;
  }

  async finishAnnouncement(claim: AnnouncementClaim): Promise<boolean> {
    const info = await this.pool.query(
      'UPDATE requests SET announce_due = false, announce_until = NULL WHERE id = $1 AND announce_claims = $2 AND announce_due',
      [claim.requestId, claim.claim],
    );
    return info.rowCount === 1;
  }

  async retryAnnouncementAfter(claim: AnnouncementClaim, delayMs: number): Promise<boolean> {
    const info = await this.pool.query(
      `UPDATE requests SET announce_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $1 AND announce_claims = $2 AND announce_due`,
      [claim.requestId, claim.claim, delayMs],
    );
    return info.rowCount === 1;
  }

  async markReminded(requestId: number, audit: AuditEntry): Promise<boolean> {
    return this.write(async (client) => {
      const info = await client.query(
        `UPDATE requests SET reminded_at = $1${ANNOUNCE_DUE} WHERE id = $2 AND state = 'pending' AND reminded_at IS NULL`,
        [this.timestamp(), requestId],
      );
      if (info.rowCount !== 1) return false;
      await this.append(client, audit);
      return true;
    });
  }

  async stopRequestOf(requestId: number): Promise<StopRequest | null> {
    const { rows } = await this.pool.query<{ stop_requested: StopRequest | null }>('SELECT stop_requested FROM requests WHERE id = $1', [requestId]);
    return rows[0]?.stop_requested ?? null;
  }

  async requestStop(requestId: number, stop: StopRequest, audit: AuditEntry): Promise<boolean> {
    return this.write(async (client) => {
      const info = await client.query("UPDATE requests SET stop_requested = $1 WHERE id = $2 AND state = 'running' AND stop_requested IS NULL", [
        JSON.stringify(stop),
        requestId,
      ]);
      if (info.rowCount !== 1) return false;
      await this.append(client, audit);
      return true;
    });
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    return this.write((client) => this.append(client, entry));
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (clause: (n: string) => string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    filter((n) => `request_id = ${n}`, query.requestId);
    filter((n) => `lower(object_id) = lower(${n})`, query.objectId);
    filter((n) => `creation_time >= ${n}`, query.fromTime);
    filter((n) => `creation_time < ${n}`, query.toTime);
    filter((n) => `sequence > ${n}`, query.afterSequence);
    params.push(query.limit);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY sequence ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAuditRecord);
  }

  async auditAnchor(): Promise<AuditAnchor | undefined> {
    const { rows } = await this.pool.query<{ sequence: string; hash: string; archived_at: string; archive: string }>(
      'SELECT sequence, hash, archived_at, archive FROM audit_anchor WHERE id = 1',
    );
    const row = rows[0];
    return row && { sequence: Number(row.sequence), hash: row.hash, archivedAt: row.archived_at, archive: row.archive };
  }

  async archiveAudit(anchor: AuditAnchor): Promise<number> {
    return this.write(async (client) => {
      // The chain head lock orders archiving with appends from every process.
      await client.query('SELECT 1 FROM audit_head FOR UPDATE');
      const current = await client.query<{ sequence: string }>('SELECT sequence FROM audit_anchor WHERE id = 1');
      if (current.rows[0] && anchor.sequence <= Number(current.rows[0].sequence)) {
        throw new Error(`records up to ${current.rows[0].sequence} are archived already`);
      }
      const row = await client.query<{ hash: string }>('SELECT hash FROM audit_log WHERE sequence = $1', [anchor.sequence]);
      if (row.rows[0]?.hash !== anchor.hash) throw new Error(`audit record ${anchor.sequence} does not have the hash being archived`);
      await client.query(
        `INSERT INTO audit_anchor (id, sequence, hash, archived_at, archive) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash,
           archived_at = excluded.archived_at, archive = excluded.archive`,
        [anchor.sequence, anchor.hash, anchor.archivedAt, anchor.archive],
      );
      return (await client.query('DELETE FROM audit_log WHERE sequence <= $1', [anchor.sequence])).rowCount ?? 0;
    });
  }

  async auditRecords(fromSequence = 1): Promise<AuditRecord[]> {
    const { rows } = await this.pool.query<AuditRow>('SELECT * FROM audit_log WHERE sequence >= $1 ORDER BY sequence', [fromSequence]);
    return rows.map(toAuditRecord);
  }

  async saveConversation(conversation: StoredConversation): Promise<void> {
    await this.pool.query(
      `INSERT INTO conversations (conversation_id, reference, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (conversation_id) DO UPDATE SET reference = excluded.reference, updated_at = excluded.updated_at`,
      [conversation.conversationId, JSON.stringify(conversation.reference), this.timestamp()],
    );
  }

  async getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    const { rows } = await this.pool.query<{ reference: Record<string, unknown> }>(
      'SELECT reference FROM conversations WHERE conversation_id = $1',
      [conversationId],
    );
    return rows[0] && { conversationId, reference: rows[0].reference };
  }

  async addCardCopies(requestId: number, copies: readonly CardCopy[]): Promise<void> {
    // One statement; WITH ORDINALITY keeps the copies' order for cardCopies (ORDER BY position).
    await this.pool.query(
      `INSERT INTO card_copies (request_id, conversation_id, activity_id, audience)
       SELECT $1, copy.conversation_id, copy.activity_id, copy.audience
       FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS copy(conversation_id, activity_id, audience, n)
       ORDER BY copy.n
       ON CONFLICT (request_id, conversation_id, activity_id) DO NOTHING`,
      [requestId, copies.map((c) => c.conversationId), copies.map((c) => c.activityId), copies.map((c) => c.audience)],
    );
  }

  async cardCopies(requestId: number): Promise<CardCopy[]> {
    const { rows } = await this.pool.query<{ conversation_id: string; activity_id: string; audience: CardCopy['audience'] }>(
      'SELECT conversation_id, activity_id, audience FROM card_copies WHERE request_id = $1 ORDER BY position',
      [requestId],
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, activityId: r.activity_id, audience: r.audience }));
  }

  async saveRunbook(runbook: NewRunbook, audit: AuditEntry): Promise<RunbookInstance> {
    await this.write(async (client) => {
      const at = this.timestamp();
      await client.query(
        `INSERT INTO runbooks (tenant_id, name, parameters, started_by_object_id, started_by_name, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (tenant_id, name) DO UPDATE SET parameters = excluded.parameters, updated_at = excluded.updated_at`,
        [runbook.tenantId, runbook.name, JSON.stringify(runbook.parameters), runbook.startedBy.objectId, runbook.startedBy.name, at],
      );
      await this.append(client, audit);
    });
    return (await this.getRunbook(runbook.tenantId, runbook.name)) as RunbookInstance;
  }

  async getRunbook(tenantId: string, name: string): Promise<RunbookInstance | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM runbooks WHERE tenant_id = $1 AND name = $2', [tenantId, name]);
    if (!rows[0]) return undefined;
    const steps = await this.pool.query('SELECT * FROM runbook_steps WHERE tenant_id = $1 AND runbook = $2 ORDER BY step', [tenantId, name]);
    return toRunbook(rows[0], steps.rows);
  }

  async listRunbooks(tenantId: string): Promise<RunbookInstance[]> {
    const { rows } = await this.pool.query<{ name: string }>('SELECT name FROM runbooks WHERE tenant_id = $1 ORDER BY name', [tenantId]);
    const found: RunbookInstance[] = [];
    for (const row of rows) found.push((await this.getRunbook(tenantId, row.name)) as RunbookInstance);
    return found;
  }

  async recordRunbookStep(tenantId: string, name: string, record: RunbookStepRecord, audit: AuditEntry): Promise<void> {
    await this.write(async (client) => {
      await client.query(
        `INSERT INTO runbook_steps (tenant_id, runbook, step, state, actor_object_id, actor_name, at, request_id, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, runbook, step) DO UPDATE SET state = excluded.state, actor_object_id = excluded.actor_object_id,
           actor_name = excluded.actor_name, at = excluded.at, request_id = excluded.request_id, note = excluded.note`,
        [tenantId, name, record.step, record.state, record.actor?.objectId ?? null, record.actor?.name ?? null, record.at, record.requestId, noteColumn(record)],
      );
      await client.query('UPDATE runbooks SET updated_at = $1 WHERE tenant_id = $2 AND name = $3', [this.timestamp(), tenantId, name]);
      await this.append(client, audit);
    });
  }

  async runbookStepOfRequest(requestId: number): Promise<{ tenantId: string; name: string; step: string } | undefined> {
    const { rows } = await this.pool.query<{ tenant_id: string; runbook: string; step: string }>(
      'SELECT tenant_id, runbook, step FROM runbook_steps WHERE request_id = $1 LIMIT 1',
      [requestId],
    );
    return rows[0] && { tenantId: rows[0].tenant_id, name: rows[0].runbook, step: rows[0].step };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

interface VoteRow {
  approver_object_id: string;
  approver_name: string;
  decision: Vote['decision'];
  comment: string | null;
  at: string;
  request_hash: string;
}

// Requests filed before migration 4 get their change key, so a repeat of one still open is recognised. Replicas
// starting together may both do it: they write the same keys.
async function keyEarlierRequests(client: PoolClient): Promise<void> {
  for (;;) {
    const { rows } = await client.query<Pick<RequestRow, 'id' | 'tenant_id' | 'operation' | 'parameters'>>(
      `SELECT id, tenant_id, operation, parameters FROM requests WHERE change_key IS NULL LIMIT ${UNKEYED_REQUESTS_BATCH}`,
    );
    if (rows.length === 0) return;
    await client.query(
      `UPDATE requests SET change_key = keyed.key FROM unnest($1::bigint[], $2::text[]) AS keyed(id, key)
       WHERE requests.id = keyed.id AND requests.change_key IS NULL`,
      [rows.map((row) => row.id), rows.map(changeKeyOfRow)],
    );
  }
}
