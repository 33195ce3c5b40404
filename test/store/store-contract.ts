import { type AuditEntry, verifyAuditChain } from '../../src/domain/audit/audit-record';
import { changeKey } from '../../src/domain/requests/change-key';
import type { NewRequest, Vote } from '../../src/domain/requests/request';
import type { Store } from '../../src/ports/store';

/** A fresh, empty store and how to throw it away. */
export type StoreFactory = () => Promise<{ store: Store; dispose(): Promise<void> }>;

const MEGAN = { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' };
const ADELE = { objectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele Vance' };
const NESTOR = { objectId: 'cccccccc-0000-4000-8000-00000000000c', name: 'Nestor Wilke' };

export function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    operation: 'enable-voice',
    parameters: { user: 'alice@contoso.com', number: '+14255550100' },
    requester: MEGAN,
    tenantId: 'tenant-1',
    targetObjectId: '01122ddf-6856-4fa7-8b36-3cd7503062fd',
    requestHash: 'f'.repeat(64),
    nonce: 'nonce-1',
    approvalsRequired: 1,
    preview: "Set-CsUser -Identity 'alice@contoso.com'",
    before: [{ property: 'EnterpriseVoiceEnabled', current: 'False', proposed: 'True' }],
    originConversationId: '19:admins',
    targetUser: 'alice@contoso.com',
    expiresAt: '2026-12-01T00:00:00.000Z',
    ...overrides,
  };
}

export function entry(operation: AuditEntry['operation'], requestId: number | null, extra: Record<string, unknown> = {}): AuditEntry {
  return {
    operation,
    userId: 'Megan Bowen',
    actorObjectId: MEGAN.objectId,
    objectId: 'alice@contoso.com',
    parameters: { operation: 'enable-voice', ...extra },
    resultStatus: 'Succeeded',
    tenantId: 'tenant-1',
    requestId,
    requestHash: requestId === null ? null : 'f'.repeat(64),
  };
}

function vote(approver: { objectId: string; name: string }, decision: Vote['decision'] = 'approve', requestHash = 'f'.repeat(64)): Vote {
  return { approver, decision, comment: decision === 'reject' ? 'not today' : null, at: new Date().toISOString(), requestHash };
}

/** The behaviour every Store must have, whatever database is behind it. */
/**
 * Requests stored before change keys existed get theirs when a store opens, so an open repeat is still found. One
 * database, opened, written, its keys cleared behind the store's back, opened again.
 */
export async function expectChangeKeysBackFilledOnOpen(open: () => Promise<Store>, clearKeys: () => Promise<void>): Promise<void> {
  const store = await open();
  for (const number of ['+14255550100', '+14255550101', '+14255550102']) {
    await store.createRequest(newRequest({ parameters: { user: 'alice@contoso.com', number } }), (r) => entry('RequestCreated', r.id));
  }
  await store.close();
  await clearKeys();
  const reopened = await open();
  try {
    const key = changeKey({ tenantId: 'tenant-1', operation: 'enable-voice', parameters: { user: 'alice@contoso.com', number: '+14255550101' } });
    expect((await reopened.findRequests({ changeKey: key, limit: 10 })).map((r) => r.id)).toEqual([2]);
  } finally {
    await reopened.close();
  }
}

/** A bulk request of two rows as filing stores it: the rows' users are its targets. */
export function bulkRequest(): NewRequest {
  const rows = [{ row: 2, user: 'bob@contoso.com', number: '+14255550102' }, { row: 3, user: 'carol@contoso.com', site: 'SeattlePSTN' }];
  return newRequest({ operation: 'bulk-change', parameters: { rows: JSON.stringify(rows), rowCount: 2 }, targetUser: null, targetObjectId: null, targetUsers: rows.map((r) => r.user) });
}

/** Bulk requests stored before request_targets existed are found by their rows' users once the store has migrated. */
export async function expectBulkTargetsBackFilledOnMigration(open: () => Promise<Store>, downgrade: () => Promise<void>): Promise<void> {
  const store = await open();
  await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
  const bulk = await store.createRequest(bulkRequest(), (r) => entry('RequestCreated', r.id));
  await store.close();
  await downgrade();
  const reopened = await open();
  try {
    expect((await reopened.findRequests({ targetUser: 'carol@contoso.com', limit: 10 })).map((r) => r.id)).toEqual([bulk.id]);
    expect((await reopened.findRequests({ targetUser: 'alice@contoso.com', limit: 10 })).map((r) => r.id)).toEqual([1]);
  } finally {
    await reopened.close();
  }
}

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await factory());
    });

    afterEach(async () => {
      await dispose();
    });

    test('createRequest stores a pending request with its audit record, and reads it back unchanged', async () => {
      const created = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id, { preview: r.preview }));
      expect(created).toMatchObject({ id: 1, state: 'pending', result: null, nonce: 'nonce-1', approvalsRequired: 1 });
      expect(await store.getRequest(created.id)).toEqual(created);
      expect(await store.getRequest(999)).toBeUndefined();
      const audit = await store.auditRecords();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ sequence: 1, operation: 'RequestCreated', requestId: 1, parameters: { preview: created.preview } });
    });

    test('when the audit record cannot be built, the request is not stored either', async () => {
      await expect(
        store.createRequest(newRequest(), () => {
          throw new Error('audit unavailable');
        }),
      ).rejects.toThrow('audit unavailable');
      expect(await store.getRequest(1)).toBeUndefined();
      expect(await store.auditRecords()).toHaveLength(0);
    });

    test('listRequestsByRequester returns the newest first, up to the limit, for that requester only', async () => {
      for (let i = 0; i < 4; i += 1) await store.createRequest(newRequest({ nonce: `n${i}` }), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ requester: ADELE }), (r) => entry('RequestCreated', r.id));
      const listed = await store.listRequestsByRequester(MEGAN.objectId, 3);
      expect(listed.map((r) => r.id)).toEqual([4, 3, 2]);
    });

    test('recordApproval counts one vote per approver and approves at the required number', async () => {
      const request = await store.createRequest(newRequest({ approvalsRequired: 2 }), (r) => entry('RequestCreated', r.id));
      const first = await store.recordApproval(request.id, vote(ADELE), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(first).toEqual({ counted: true, approvals: 1, approved: false });
      const again = await store.recordApproval(request.id, vote(ADELE), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(again).toEqual({ counted: false, approvals: 1, approved: false });
      const second = await store.recordApproval(request.id, vote(NESTOR), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(second).toEqual({ counted: true, approvals: 2, approved: true });
      expect((await store.getRequest(request.id))?.state).toBe('approved');
      expect((await store.votes(request.id)).map((v) => v.approver.objectId).sort()).toEqual([ADELE.objectId, NESTOR.objectId].sort());
      expect((await store.auditRecords()).map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'ApprovalGranted', 'RequestApproved']);
    });

    test('recordApproval on a request that is no longer pending changes nothing', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.transition(request.id, ['pending'], 'rejected', entry('RequestRejected', request.id), { vote: vote(NESTOR, 'reject') });
      const outcome = await store.recordApproval(request.id, vote(ADELE), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(outcome).toEqual({ counted: false, approvals: 0, approved: false });
      expect((await store.getRequest(request.id))?.state).toBe('rejected');
      expect((await store.votes(request.id)).map((v) => v.decision)).toEqual(['reject']);
    });

    test('transition is compare-and-set: it moves only from the listed states and stores the result', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      expect(await store.transition(request.id, ['approved'], 'running', entry('ExecutionStarted', request.id))).toBe(false);
      expect(await store.transition(request.id, ['pending', 'approved'], 'running', entry('ExecutionStarted', request.id))).toBe(true);
      const result = { succeeded: true, verified: true, message: 'done', after: [{ property: 'LineURI', current: 'tel:+1', proposed: 'tel:+1' }], mismatches: [] };
      expect(await store.transition(request.id, ['running'], 'succeeded', entry('ChangeVerified', request.id), { result })).toBe(true);
      const stored = await store.getRequest(request.id);
      expect(stored).toMatchObject({ state: 'succeeded', result });
      expect((await store.auditRecords()).map((r) => r.operation)).toEqual(['RequestCreated', 'ExecutionStarted', 'ChangeVerified']);
    });

    test('a request reaching a final state is due to be announced; a claim leases it, fences its writes and records its parts', async () => {
      const running = await store.createRequest(newRequest({ nonce: 'a' }), (r) => entry('RequestCreated', r.id));
      const rejected = await store.createRequest(newRequest({ nonce: 'b' }), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ nonce: 'c' }), (r) => entry('RequestCreated', r.id));
      // States on the way (pending, approved, running) announce nothing.
      await store.transition(running.id, ['pending'], 'running', entry('ExecutionStarted', running.id));
      expect(await store.claimAnnouncements(10, 60_000)).toEqual([]);
      await store.transition(rejected.id, ['pending'], 'rejected', entry('RequestRejected', rejected.id));
      await store.transition(running.id, ['running'], 'succeeded', entry('ChangeVerified', running.id));

      const claims = await store.claimAnnouncements(10, 60_000);
      expect(claims).toEqual([
        { requestId: running.id, attempt: 1, claim: expect.any(Number), partsDone: [] },
        { requestId: rejected.id, attempt: 1, claim: expect.any(Number), partsDone: [] },
      ]);
      // Leased: nobody else gets them while the lease runs.
      expect(await store.claimAnnouncements(10, 60_000)).toEqual([]);
      const [first, second] = claims;
      expect(await store.announcedPart(first, 'cards')).toBe(true);
      expect(await store.announcedPart(first, 'cards')).toBe(false);
      expect(await store.announcedPart(first, 'requester')).toBe(true);
      expect(await store.finishAnnouncement(first)).toBe(true);
      expect(await store.finishAnnouncement(first)).toBe(false);

      // A failed one comes back after its wait, with the parts already sent; the old claim's writes no longer count.
      expect(await store.announcedPart(second, 'cards')).toBe(true);
      expect(await store.retryAnnouncementAfter(second, 300)).toBe(true);
      expect(await store.claimAnnouncements(10, 60_000)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [again] = await store.claimAnnouncements(10, 60_000);
      expect(again).toEqual({ requestId: rejected.id, attempt: 2, claim: expect.any(Number), partsDone: ['cards'] });
      expect(await store.announcedPart(second, 'requester')).toBe(false);
      expect(await store.finishAnnouncement(second)).toBe(false);
      expect(await store.announcedPart(again, 'requester')).toBe(true);
      expect(await store.finishAnnouncement(again)).toBe(true);
      expect(await store.claimAnnouncements(10, 60_000)).toEqual([]);
    });

    test('a claim whose holder never finished it is claimed again once its lease lapses', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.transition(request.id, ['pending'], 'expired', entry('RequestExpired', request.id));
      const [lapsing] = await store.claimAnnouncements(1, 300);
      expect(lapsing).toMatchObject({ requestId: request.id, attempt: 1 });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await store.claimAnnouncements(1, 60_000)).toEqual([{ requestId: request.id, attempt: 2, claim: expect.any(Number), partsDone: [] }]);
      expect(await store.finishAnnouncement(lapsing)).toBe(false);
    });

    test('a newer announcement replaces the one in flight: the earlier claim can no longer write, and attempts start again', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.transition(request.id, ['pending'], 'unknown', entry('ExecutionFinished', request.id));
      const [unknown] = await store.claimAnnouncements(1, 60_000);
      expect(await store.announcedPart(unknown, 'cards')).toBe(true);
      // Settled by a read-back while the unknown outcome is still being announced (by another replica, say).
      await store.transition(request.id, ['unknown'], 'succeeded', entry('ChangeVerified', request.id));
      expect(await store.announcedPart(unknown, 'requester')).toBe(false);
      expect(await store.finishAnnouncement(unknown)).toBe(false);
      const [settled] = await store.claimAnnouncements(1, 60_000);
      expect(settled).toEqual({ requestId: request.id, attempt: 1, claim: expect.any(Number), partsDone: [] });
      expect(await store.finishAnnouncement(unknown)).toBe(false);
      expect(await store.finishAnnouncement(settled)).toBe(true);
    });

    test('a reminder is due to be announced once recorded; deciding the request replaces it with the outcome', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      expect(await store.claimAnnouncements(10, 60_000)).toEqual([]);
      expect(await store.markReminded(request.id, entry('ReminderSent', request.id))).toBe(true);
      const [reminder] = await store.claimAnnouncements(10, 60_000);
      expect(reminder).toEqual({ requestId: request.id, attempt: 1, claim: expect.any(Number), partsDone: [] });
      expect(await store.retryAnnouncementAfter(reminder, 60_000)).toBe(true);
      await store.transition(request.id, ['pending'], 'rejected', entry('RequestRejected', request.id));
      // Due now (the reminder's wait is gone with it), and the reminder's claim writes nothing.
      const [outcome] = await store.claimAnnouncements(10, 60_000);
      expect(outcome).toEqual({ requestId: request.id, attempt: 1, claim: expect.any(Number), partsDone: [] });
      expect(await store.announcedPart(reminder, 'reminder')).toBe(false);
      expect(await store.finishAnnouncement(outcome)).toBe(true);
    });

    test('a stop is recorded once, only while the request runs, with its audit record', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      const stop = { by: { objectId: 'megan-id', name: 'Megan Bowen' }, at: '2026-11-01T10:00:00.000Z' };
      expect(await store.requestStop(request.id, stop, entry('StopRequested', request.id))).toBe(false);
      expect((await store.getRequest(request.id))?.stopRequested).toBeNull();
      expect(await store.stopRequestOf(request.id)).toBeNull();
      await store.transition(request.id, ['pending'], 'running', entry('ExecutionStarted', request.id));
      expect(await store.requestStop(request.id, stop, entry('StopRequested', request.id))).toBe(true);
      expect(await store.requestStop(request.id, { ...stop, at: '2026-11-01T10:01:00.000Z' }, entry('StopRequested', request.id))).toBe(false);
      expect((await store.getRequest(request.id))?.stopRequested).toEqual(stop);
      expect(await store.stopRequestOf(request.id)).toEqual(stop);
      expect((await store.auditRecords()).filter((r) => r.operation === 'StopRequested')).toHaveLength(1);
    });

    test('two racing transitions from the same state: exactly one wins', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => store.transition(request.id, ['pending'], 'running', entry('ExecutionStarted', request.id))),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect((await store.auditRecords()).filter((r) => r.operation === 'ExecutionStarted')).toHaveLength(1);
    });

    test('appendAudit chains records; concurrent appends keep one linear chain that verifies', async () => {
      await Promise.all(Array.from({ length: 40 }, (_, i) => store.appendAudit(entry('ApprovalRefused', null, { i }))));
      const records = await store.auditRecords();
      expect(records.map((r) => r.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(verifyAuditChain(records)).toMatchObject({ intact: true, records: 40 });
      expect((await store.auditRecords(38)).map((r) => r.sequence)).toEqual([38, 39, 40]);
    });

    test('audit parameters come back exactly as sealed, so the chain verifies after a round trip', async () => {
      await store.appendAudit(entry('ApprovalRefused', null, { nested: { z: 1, a: [true, null, 'x'] }, text: 'ünïcødé "quoted"' }));
      const [record] = await store.auditRecords();
      expect(record.parameters).toEqual({ operation: 'enable-voice', nested: { z: 1, a: [true, null, 'x'] }, text: 'ünïcødé "quoted"' });
      expect(verifyAuditChain([record]).intact).toBe(true);
    });

    test('queryAudit filters by request, target (any case) and time, pages, and reads newest first', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.appendAudit({ ...entry('ApprovalRefused', null), objectId: 'bob@contoso.com' });
      await store.appendAudit(entry('ApprovalRefused', request.id));
      expect((await store.queryAudit({ requestId: request.id, limit: 10 })).map((r) => r.sequence)).toEqual([1, 3]);
      expect((await store.queryAudit({ objectId: 'BOB@contoso.com', limit: 10 })).map((r) => r.sequence)).toEqual([2]);
      expect((await store.queryAudit({ limit: 2, newestFirst: true })).map((r) => r.sequence)).toEqual([3, 2]);
      expect((await store.queryAudit({ afterSequence: 1, limit: 10 })).map((r) => r.sequence)).toEqual([2, 3]);
      const [first] = await store.auditRecords();
      expect(await store.queryAudit({ toTime: first.creationTime, limit: 10 })).toEqual([]);
      expect((await store.queryAudit({ fromTime: first.creationTime, limit: 10 })).length).toBe(3);
    });

    test('archiveAudit removes records only up to a matching anchor, never backwards, and keeps the anchor', async () => {
      for (let i = 0; i < 5; i++) await store.appendAudit(entry('ApprovalRefused', null, { i }));
      const records = await store.auditRecords();
      expect(await store.auditAnchor()).toBeUndefined();
      const anchor = { sequence: 3, hash: records[2].hash, archivedAt: new Date().toISOString(), archive: 'audit-1-3.jsonl' };
      await expect(store.archiveAudit({ ...anchor, hash: records[1].hash })).rejects.toThrow(/does not have the hash/);
      expect(await store.archiveAudit(anchor)).toBe(3);
      expect(await store.auditAnchor()).toEqual(anchor);
      expect((await store.auditRecords()).map((r) => r.sequence)).toEqual([4, 5]);
      await expect(store.archiveAudit({ ...anchor, sequence: 2, hash: records[1].hash })).rejects.toThrow(/archived already/);
      // The chain continues from the anchor.
      const next = await store.appendAudit(entry('ApprovalRefused', null));
      expect(next.sequence).toBe(6);
      expect(next.previousHash).toBe(records[4].hash);
    });

    test('conversation references are saved, replaced and read back', async () => {
      expect(await store.getConversation('19:admins')).toBeUndefined();
      await store.saveConversation({ conversationId: '19:admins', reference: { serviceUrl: 'https://a/' } });
      await store.saveConversation({ conversationId: '19:admins', reference: { serviceUrl: 'https://b/', bot: { id: '28:x' } } });
      expect(await store.getConversation('19:admins')).toEqual({ conversationId: '19:admins', reference: { serviceUrl: 'https://b/', bot: { id: '28:x' } } });
    });

    test('card copies are kept once each, in the order they were added', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.addCardCopies(request.id, [
        { conversationId: '19:admins', activityId: 'a-2', audience: 'approvers' },
        { conversationId: '19:megan', activityId: 'a-1', audience: 'requester' },
      ]);
      await store.addCardCopies(request.id, [{ conversationId: '19:admins', activityId: 'a-2', audience: 'approvers' }]);
      await store.addCardCopies(request.id, [{ conversationId: '19:admins', activityId: 'a-3', audience: 'approvers' }]);
      expect(await store.cardCopies(request.id)).toEqual([
        { conversationId: '19:admins', activityId: 'a-2', audience: 'approvers' },
        { conversationId: '19:megan', activityId: 'a-1', audience: 'requester' },
        { conversationId: '19:admins', activityId: 'a-3', audience: 'approvers' },
      ]);
      expect(await store.cardCopies(999)).toEqual([]);
    });

    test('findRequests narrows by state, requester, target user and expiry, newest first', async () => {
      await store.createRequest(newRequest({ expiresAt: '2026-11-01T00:00:00.000Z' }), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ targetUser: 'bob@contoso.com', requester: ADELE }), (r) => entry('RequestCreated', r.id));
      const third = await store.createRequest(newRequest({ expiresAt: '2026-10-01T00:00:00.000Z' }), (r) => entry('RequestCreated', r.id));
      await store.transition(third.id, ['pending'], 'cancelled', entry('RequestRejected', third.id));
      expect((await store.findRequests({ limit: 10 })).map((r) => r.id)).toEqual([3, 2, 1]);
      expect((await store.findRequests({ states: ['pending'], limit: 10 })).map((r) => r.id)).toEqual([2, 1]);
      expect((await store.findRequests({ requesterObjectId: ADELE.objectId, limit: 10 })).map((r) => r.id)).toEqual([2]);
      expect((await store.findRequests({ targetUser: 'alice@contoso.com', limit: 1 })).map((r) => r.id)).toEqual([3]);
      expect((await store.findRequests({ states: ['pending'], expiresAtOrBefore: '2026-11-15T00:00:00.000Z', limit: 10 })).map((r) => r.id)).toEqual([1]);
      expect(await store.getRequest(1)).toMatchObject({ targetUser: 'alice@contoso.com', expiresAt: '2026-11-01T00:00:00.000Z', remindedAt: null });
    });

    test('findRequests by target user finds a bulk request by any of its rows\' users, alongside the requests about that user', async () => {
      const single = await store.createRequest(newRequest({ targetUser: 'bob@contoso.com', parameters: { user: 'bob@contoso.com', number: '+14255550109' } }), (r) => entry('RequestCreated', r.id));
      const bulk = await store.createRequest(bulkRequest(), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      expect((await store.findRequests({ targetUser: 'bob@contoso.com', limit: 10 })).map((r) => r.id)).toEqual([bulk.id, single.id]);
      expect((await store.findRequests({ targetUser: 'carol@contoso.com', states: ['pending'], limit: 10 })).map((r) => r.id)).toEqual([bulk.id]);
      expect(await store.findRequests({ targetUser: 'dave@contoso.com', limit: 10 })).toEqual([]);
    });

    test('findRequests narrows to requests filed by a time whose approvers\' card never reached Teams', async () => {
      const first = await store.createRequest(newRequest({ nonce: 'a' }), (r) => entry('RequestCreated', r.id));
      const second = await store.createRequest(newRequest({ nonce: 'b' }), (r) => entry('RequestCreated', r.id));
      await store.addCardCopies(first.id, [{ conversationId: '19:megan', activityId: 'a-1', audience: 'requester' }]);
      await store.addCardCopies(second.id, [{ conversationId: '19:admins', activityId: 'a-2', audience: 'approvers' }]);
      expect((await store.findRequests({ withoutApproversCard: true, limit: 10 })).map((r) => r.id)).toEqual([first.id]);
      expect((await store.findRequests({ createdAtOrBefore: first.createdAt, withoutApproversCard: true, limit: 10 })).map((r) => r.id)).toEqual([first.id]);
      expect(await store.findRequests({ createdAtOrBefore: '2000-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
    });

    test('findRequests by change key finds the requests asking for the same change, whoever filed them, in any key order', async () => {
      await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ parameters: { number: '+14255550100', user: 'alice@contoso.com' }, requester: ADELE }), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ parameters: { user: 'alice@contoso.com', number: '+14255550199' } }), (r) => entry('RequestCreated', r.id));
      await store.createRequest(newRequest({ tenantId: 'tenant-2' }), (r) => entry('RequestCreated', r.id));
      const key = changeKey({ tenantId: 'tenant-1', operation: 'enable-voice', parameters: { user: 'alice@contoso.com', number: '+14255550100' } });
      expect((await store.findRequests({ changeKey: key, limit: 10 })).map((r) => r.id)).toEqual([2, 1]);
      await store.transition(2, ['pending'], 'cancelled', entry('RequestRejected', 2));
      expect((await store.findRequests({ changeKey: key, states: ['pending'], limit: 10 })).map((r) => r.id)).toEqual([1]);
      expect(await store.findRequests({ changeKey: changeKey({ tenantId: 'tenant-1', operation: 'disable-voice', parameters: { user: 'alice@contoso.com' } }), limit: 10 })).toEqual([]);
    });

    test('markReminded sets the reminder once, only while pending, with its audit record', async () => {
      const request = await store.createRequest(newRequest(), (r) => entry('RequestCreated', r.id));
      expect(await store.markReminded(request.id, entry('ApprovalRefused', request.id))).toBe(true);
      expect(await store.markReminded(request.id, entry('ApprovalRefused', request.id))).toBe(false);
      expect((await store.getRequest(request.id))?.remindedAt).not.toBeNull();
      expect(await store.auditRecords()).toHaveLength(2);
    });

    test('a vote counts only for the request hash it was cast on', async () => {
      const request = await store.createRequest(newRequest({ approvalsRequired: 2 }), (r) => entry('RequestCreated', r.id));
      const stale = await store.recordApproval(request.id, vote(ADELE, 'approve', 'e'.repeat(64)), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(stale).toEqual({ counted: true, approvals: 0, approved: false });
      const fresh = await store.recordApproval(request.id, vote(ADELE), entry('ApprovalGranted', request.id), entry('RequestApproved', request.id));
      expect(fresh).toEqual({ counted: true, approvals: 1, approved: false });
      expect((await store.votes(request.id)).map((v) => v.requestHash)).toEqual(['f'.repeat(64)]);
    });
  });
}
