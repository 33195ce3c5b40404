import type { Pool } from 'pg';

/** Inserts `count` approved requests with a queued job each, in one statement (claim tests need no pwsh). */
export async function seedQueuedJobs(pool: Pool, count: number, target = 'teams'): Promise<void> {
  await pool.query(
    `WITH created AS (
       INSERT INTO requests (operation, parameters, requester_object_id, requester_name, tenant_id, target_object_id, state,
         request_hash, nonce, approvals_required, preview, before_state, origin_conversation_id, created_at, updated_at)
       SELECT 'enable-voice', jsonb_build_object('user', 'user' || n || '@contoso.com', 'number', '+1425555' || lpad(n::text, 4, '0')),
         'aaaaaaaa-0000-4000-8000-00000000000a', 'Megan Bowen', 'tenant-1', NULL, 'approved', repeat('f', 64), 'nonce-' || n, 1,
         'preview', '[]'::jsonb, '19:admins', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'
       FROM generate_series(1, $1::int) AS n
       RETURNING id)
     INSERT INTO jobs (request_id, target, state) SELECT id, $2, 'queued' FROM created ORDER BY id`,
    [count, target],
  );
}
