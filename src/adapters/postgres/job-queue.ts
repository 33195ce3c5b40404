import type { Pool } from 'pg';
import { JOBS_CHANNEL, type Fence } from './postgres-store';

export type JobState = 'queued' | 'started' | 'unknown' | 'reconciling' | 'done' | 'needs-human';

export interface Job {
  id: number;
  requestId: number;
  target: string;
  state: JobState;
  fence: number;
  workerId: string | null;
  /** How many times the job was claimed to run its change: at most once, by construction. */
  starts: number;
  outcome: string | null;
}

export interface ClaimedJob extends Job, Fence {
  jobId: number;
}

interface JobRow {
  id: string;
  request_id: string;
  target: string;
  state: JobState;
  fence: string;
  worker_id: string | null;
  starts: number;
  outcome: string | null;
}

/**
 * The execution queue in PostgreSQL. Claims use FOR UPDATE SKIP LOCKED, so racing workers never wait on each other
 * and never take the same job; every claim bumps the job's fence, so the previous holder's writes stop counting.
 * Lease times use the database clock only, so workers' clocks do not matter.
 */
export class PostgresJobQueue {
  constructor(private readonly pool: Pool) {}

  /** Takes the oldest queued job for one of `targets` and commits it as started before anything runs. */
  async claimNext(workerId: string, targets: readonly string[], leaseMs: number): Promise<ClaimedJob | undefined> {
    return this.claim(
      `state = 'queued' AND target = ANY($2::text[])`,
      `state = 'started', starts = starts + 1`,
      workerId,
      targets,
      leaseMs,
    );
  }

  /** Takes a job whose worker vanished mid-change, once `settleMs` has passed since, to read back what happened. */
  async claimUnknown(workerId: string, targets: readonly string[], leaseMs: number, settleMs: number): Promise<ClaimedJob | undefined> {
    return this.claim(
      `state = 'unknown' AND target = ANY($2::text[]) AND updated_at < clock_timestamp() - make_interval(secs => ${Number(settleMs) / 1000})`,
      `state = 'reconciling'`,
      workerId,
      targets,
      leaseMs,
    );
  }

  private async claim(where: string, set: string, workerId: string, targets: readonly string[], leaseMs: number): Promise<ClaimedJob | undefined> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE jobs SET ${set}, fence = fence + 1, worker_id = $1,
         lease_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000), updated_at = clock_timestamp()
       WHERE id = (SELECT id FROM jobs WHERE ${where} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [workerId, [...targets], leaseMs],
    );
    if (!rows[0]) return undefined;
    const job = toJob(rows[0]);
    return { ...job, jobId: job.id };
  }

  /** Extends the lease; false when the job has moved on (this holder is fenced out). */
  async renew(fence: Fence, leaseMs: number): Promise<boolean> {
    const info = await this.pool.query(
      `UPDATE jobs SET lease_until = clock_timestamp() + make_interval(secs => $3::double precision / 1000)
       WHERE id = $1 AND fence = $2 AND state IN ('started', 'reconciling')`,
      [fence.jobId, fence.fence, leaseMs],
    );
    return info.rowCount === 1;
  }

  /** Ends a held job; a stale holder (wrong fence) changes no row and gets false. */
  async finish(fence: Fence, state: 'done' | 'needs-human', outcome: string): Promise<boolean> {
    const info = await this.pool.query(
      `UPDATE jobs SET state = $3, outcome = $4, lease_until = NULL, updated_at = clock_timestamp()
       WHERE id = $1 AND fence = $2 AND state IN ('started', 'reconciling')`,
      [fence.jobId, fence.fence, state, outcome],
    );
    return info.rowCount === 1;
  }

  /**
   * Jobs whose lease ran out become `unknown`, never queued again: a started change may have landed.
   * The fence moves on, so the vanished holder's later writes are refused. Returns the jobs it marked.
   */
  async expireLeases(): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>(
      `UPDATE jobs SET state = 'unknown', fence = fence + 1, worker_id = NULL, lease_until = NULL, updated_at = clock_timestamp()
       WHERE id IN (SELECT id FROM jobs WHERE state IN ('started', 'reconciling') AND lease_until < clock_timestamp()
                    ORDER BY id FOR UPDATE SKIP LOCKED)
       RETURNING *`,
    );
    return rows.map(toJob);
  }

  async jobOfRequest(requestId: number): Promise<Job | undefined> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM jobs WHERE request_id = $1', [requestId]);
    return rows[0] && toJob(rows[0]);
  }

  async jobs(): Promise<Job[]> {
    const { rows } = await this.pool.query<JobRow>('SELECT * FROM jobs ORDER BY id');
    return rows.map(toJob);
  }

  /** Wakes workers now instead of at their next poll. */
  async nudge(target: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, target]);
  }
}

function toJob(row: JobRow): Job {
  return {
    id: Number(row.id),
    requestId: Number(row.request_id),
    target: row.target,
    state: row.state,
    fence: Number(row.fence),
    workerId: row.worker_id,
    starts: row.starts,
    outcome: row.outcome,
  };
}
