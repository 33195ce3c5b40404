import { isMessage, type Message } from '../i18n/message';
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
      ...noteOfColumn(s.note),
    })),
  };
}

/** Notes with a catalog message are stored as JSON ({ note, text }) in the same column; typed reasons as written. */
const MESSAGE_NOTE = 'i18n:';

export function noteColumn(record: RunbookStepRecord): string | null {
  return record.text ? MESSAGE_NOTE + JSON.stringify({ note: record.note, text: record.text }) : record.note;
}

function noteOfColumn(column: string | null): { note: string | null; text?: Message } {
  if (column?.startsWith(MESSAGE_NOTE)) {
    try {
      const stored = JSON.parse(column.slice(MESSAGE_NOTE.length)) as { note: string | null; text: unknown };
      if (isMessage(stored.text)) return { note: stored.note, text: stored.text };
    } catch {
      // A typed reason that happens to start like one: shown as written.
    }
  }
  return { note: column };
}
