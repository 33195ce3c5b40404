import type { BulkRowOutcome } from '../../src/domain/bulk/bulk-execution';
import { restoringRows } from '../../src/domain/bulk/bulk-undo';
import type { RequestState, VoiceRequest } from '../../src/domain/requests/request';

/** A finished bulk request as the store returns it: only the fields `undo N` reads matter here. */
function bulkRequest(state: RequestState, bulkRows: BulkRowOutcome[]): VoiceRequest {
  return {
    id: 7,
    operation: 'bulk-change',
    parameters: {},
    requester: { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' },
    tenantId: 'tenant',
    targetObjectId: null,
    state,
    requestHash: 'hash',
    nonce: 'nonce',
    approvalsRequired: 1,
    preview: '',
    before: [],
    result: { succeeded: state === 'succeeded', verified: state === 'succeeded', message: '', after: [], mismatches: [], bulkRows },
    originConversationId: 'conversation',
    targetUser: null,
    expiresAt: '',
    remindedAt: null,
    createdAt: '',
    updatedAt: '',
  };
}

const changed = (row: number, user: string, restore?: BulkRowOutcome['restore']): BulkRowOutcome => ({ row, user, outcome: 'changed', detail: '', ...(restore ? { restore } : {}) });

describe('undo of a bulk request as rows', () => {
  test('when rows were changed, failed part-way or settled without a record, then each becomes a restoring row or a refusal naming why', () => {
    const parsed = restoringRows(
      bulkRequest('failed', [
        changed(2, 'a@contoso.com', [
          { step: 'enable-voice', plan: { operation: 'enable-voice', parameters: { user: 'a@contoso.com', number: '+14255550100' } }, before: 'LineURI tel:+14255550100' },
          { step: 'assign-site', plan: { operation: 'clear-site', parameters: { user: 'a@contoso.com' } }, before: 'HybridPSTNSite (tenant default)' },
        ]),
        // Its first step changed, its second failed: the first is still put back.
        { row: 3, user: 'b@contoso.com', outcome: 'failed', detail: 'assign site failed', restore: [{ step: 'enable-voice', plan: { operation: 'disable-voice', parameters: { user: 'b@contoso.com' } }, before: 'EnterpriseVoiceEnabled False' }] },
        { row: 4, user: 'c@contoso.com', outcome: 'no-change', detail: '' },
        changed(5, 'd@contoso.com'),
        changed(6, 'e@contoso.com', [{ step: 'block-international', before: 'VoiceRoutingPolicy CustomPolicy' }]),
        { row: 7, user: 'f@contoso.com', outcome: 'not-run', detail: '' },
      ]),
    );
    expect(parsed.dataLines).toBe(4);
    expect(parsed.rows).toEqual([
      { row: 2, user: 'a@contoso.com', number: '+14255550100', site: 'none' },
      { row: 3, user: 'b@contoso.com', number: 'none' },
    ]);
    expect(parsed.invalid.map((r) => [r.row, r.reason])).toEqual([
      [5, 'the state before request #7 was not kept for this row (its run was interrupted and settled by reading it back); restore it by hand'],
      [6, 'what request #7 replaced on this row cannot be written as a bulk row (VoiceRoutingPolicy CustomPolicy); restore it by hand'],
    ]);
  });

  test('when the run has not ended, or changed nothing, or kept no record, then undo is refused with the reason', () => {
    expect(() => restoringRows(bulkRequest('running', []))).toThrow(/only a bulk request whose run has ended can be undone/);
    expect(() => restoringRows(bulkRequest('succeeded', [{ row: 2, user: 'a@contoso.com', outcome: 'no-change', detail: '' }]))).toThrow(
      'Bulk request #7 changed no row, so there is nothing to undo.',
    );
    expect(() => restoringRows(bulkRequest('succeeded', [changed(2, 'a@contoso.com')]))).toThrow(/has no record of the state before it ran/);
  });
});
