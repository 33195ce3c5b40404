import type { BulkRowOutcome } from '../../src/domain/bulk/bulk-execution';
import type { VoiceRequest } from '../../src/domain/requests/request';
import { tenantUser } from './tenant-state';

/**
 * A bulk run stopped part-way: `failed`, every row either changed in full (voice on, its number set) or not run and
 * untouched in the tenant, never half-done, and the summary names who stopped it. Returns the two groups of rows.
 */
export function expectStoppedPartWay(
  run: VoiceRequest,
  expected: { rows: number; minChanged: number; stoppedBy: string; tenantStatePath: string },
): { changed: BulkRowOutcome[]; notRun: BulkRowOutcome[] } {
  expect(run.state).toBe('failed');
  const outcomes = run.result?.bulkRows ?? [];
  const changed = outcomes.filter((r) => r.outcome === 'changed');
  const notRun = outcomes.filter((r) => r.outcome === 'not-run');
  expect(changed.length).toBeGreaterThanOrEqual(expected.minChanged);
  expect(notRun.length).toBeGreaterThan(0);
  expect(changed.length + notRun.length).toBe(expected.rows);
  for (const row of changed) expect(tenantUser(expected.tenantStatePath, row.user)).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: `tel:${row.number}` });
  for (const row of notRun) expect(tenantUser(expected.tenantStatePath, row.user)).toMatchObject({ EnterpriseVoiceEnabled: false });
  expect(run.result?.message).toBe(
    `Stopped by ${expected.stoppedBy}: ${expected.rows} rows, ${changed.length} changed, 0 no change needed, 0 failed, ${notRun.length} not run.`,
  );
  return { changed, notRun };
}
