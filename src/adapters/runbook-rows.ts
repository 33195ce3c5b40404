import type { RunbookInstance, RunbookStepRecord } from '../domain/runbooks/runbook';

export interface RunbookRow {
  tenant_id: string;
  name: string;
  parameters: string | Record<string, string>;
  started_by_object_id: string;
  started_by_name: string;
  started_at: string;
  updated_at: string;
}

export interface RunbookStepRow {
  step: string;
  state: RunbookStepRecord['state'];
  actor_object_id: string | null;
  actor_name: string | null;
  at: string;
  request_id: number | string | null;
  note: string | null;
}

/** A runbook row and its step rows as the domain sees them (SQLite stores parameters as text, PostgreSQL as JSONB). */
export function toRunbook(row: RunbookRow, steps: RunbookStepRow[]): RunbookInstance {
  return {
    tenantId: row.tenant_id,
    name: row.name,
    parameters: typeof row.parameters === 'string' ? JSON.parse(row.parameters) : row.parameters,
    startedBy: { objectId: row.started_by_object_id, name: row.started_by_name },
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    steps: steps.map((s) => ({
      step: s.step,
      state: s.state,
      actor: s.actor_object_id ? { objectId: s.actor_object_id, name: s.actor_name ?? '' } : null,
      at: s.at,
      requestId: s.request_id === null ? null : Number(s.request_id),
      note: s.note,
    })),
  };
}
