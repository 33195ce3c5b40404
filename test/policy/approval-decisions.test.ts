import { verifyAuditChain } from '../../src/domain/audit/audit-record';
import { requestHash } from '../../src/domain/requests/request-hash';
import {
  ALICE,
  APPROVER_1,
  APPROVER_2,
  APPROVER_3,
  ApprovalWorld,
  type DecisionPath,
  OUTSIDER,
  REQUESTER,
} from './support/approval-world';

const HOUR = 3_600_000;

// Every rule is checked through the card button and through its typed twin: they must behave the same.
describe.each(['button', 'text'] as const)('approval rules, deciding by %s', (pathName) => {
  let world: ApprovalWorld;
  let path: DecisionPath;

  beforeAll(async () => {
    world = new ApprovalWorld();
  });

  beforeEach(async () => {
    await world.start();
    path = world[pathName];
  });

  afterEach(async () => {
    await world.runner.drain();
    await world.store.close();
  });

  afterAll(async () => {
    await world.stop();
  });

  test('the requester cannot approve their own request, and the refusal is audited', async () => {
    const request = await world.file();
    const answer = await path.decide(REQUESTER, request, 'approve');
    expect(answer).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(await world.state(request.id)).toBe('pending');
    expect(await world.auditOperations()).toEqual(['RequestCreated', 'ApprovalRefused']);
  });

  test('the target user cannot approve a change to their own account, even as an approver', async () => {
    const request = await world.file();
    expect(request.targetObjectId).toBe(ALICE.objectId);
    expect(await path.decide(ALICE, request, 'approve')).toMatchObject({ ok: false, code: 'TARGET_APPROVAL' });
    expect(await world.state(request.id)).toBe('pending');
  });

  test('someone who is not an approver is refused', async () => {
    const request = await world.file();
    expect(await path.decide(OUTSIDER, request, 'approve')).toMatchObject({ ok: false, code: 'NOT_APPROVER' });
    expect(await path.decide(OUTSIDER, request, 'reject', 'no')).toMatchObject({ ok: false, code: 'NOT_APPROVER' });
    expect(await world.state(request.id)).toBe('pending');
  });

  test('2 of 3: a repeated vote counts once, the second distinct approver approves, and it runs once', async () => {
    const request = await world.file();
    expect(await path.decide(APPROVER_1, request, 'approve')).toMatchObject({ ok: true });
    const repeat = await path.decide(APPROVER_1, request, 'approve');
    expect(repeat.ok).toBe(true);
    if (pathName === 'text') expect(repeat.text).toMatch(/already approved request #1; nothing changed/);
    expect(await world.state(request.id)).toBe('pending');
    expect((await world.requests.status(request.id)).votes).toHaveLength(1);
    expect(await path.decide(APPROVER_2, request, 'approve')).toMatchObject({ ok: true });
    await world.runner.drain();
    expect(await world.state(request.id)).toBe('succeeded');
    const late = await path.decide(APPROVER_3, request, 'approve');
    // Too late: the button answers with the card as it is now, the text twin in words.
    if (pathName === 'button') expect(late.text).toContain('Succeeded and verified');
    else expect(late).toMatchObject({ ok: false, code: 'REQUEST_NOT_PENDING' });
    const audit = await world.store.auditRecords();
    expect(audit.filter((r) => r.operation === 'ApprovalGranted')).toHaveLength(2);
    expect(audit.filter((r) => r.operation === 'ExecutionStarted')).toHaveLength(1);
    expect(verifyAuditChain(audit).intact).toBe(true);
  });

  test('expiry at the boundary: a millisecond before it still counts, at the instant it closes as expired', async () => {
    const first = await world.file();
    world.clock.advance(24 * HOUR - 1);
    expect(await path.decide(APPROVER_1, first, 'approve')).toMatchObject({ ok: true });
    world.clock.advance(1);
    const late = await path.decide(APPROVER_2, first, 'approve');
    // The button answers with the card that says so; the text twin says so in words.
    if (pathName === 'button') expect(late.text).toContain('Expired without approval');
    else expect(late).toMatchObject({ ok: false, code: 'REQUEST_EXPIRED' });
    expect(await world.state(first.id)).toBe('expired');
    expect(await world.auditOperations()).toContain('RequestExpired');
    await world.runner.drain();
    const lastUpdate = world.messenger.updated[world.messenger.updated.length - 1];
    expect(JSON.stringify(lastUpdate.card)).toContain('Expired without approval');
    expect(JSON.stringify(lastUpdate.card)).not.toContain('"verb":"approve"');
  });

  test('the requester can cancel while pending; nobody else can; a cancelled request cannot be approved', async () => {
    const request = await world.file();
    expect(await path.decide(APPROVER_1, request, 'cancel')).toMatchObject({ ok: false, code: 'NOT_REQUESTER' });
    expect(await path.decide(REQUESTER, request, 'cancel')).toMatchObject({ ok: true });
    expect(await world.state(request.id)).toBe('cancelled');
    const again = await path.decide(REQUESTER, request, 'cancel');
    expect(again.ok).toBe(true);
    const late = await path.decide(APPROVER_1, request, 'approve');
    if (pathName === 'text') expect(late).toMatchObject({ ok: false, code: 'REQUEST_NOT_PENDING' });
    expect(await world.state(request.id)).toBe('cancelled');
    const audit = await world.store.auditRecords();
    expect(audit.filter((r) => r.operation === 'RequestCancelled')).toHaveLength(1);
    expect(audit.find((r) => r.operation === 'ApprovalRefused')?.parameters).toMatchObject({ decision: 'cancel', reason: 'NOT_REQUESTER' });
  });

  test('the requester can still cancel an approved request that has not started; once it runs, it is too late', async () => {
    // Approved through the service alone, so no run starts: as when every session or worker is busy.
    const approve = async (request: { id: number; nonce: string; approvalsRequired: number }) => {
      for (const approver of [APPROVER_1, APPROVER_2].slice(0, request.approvalsRequired)) {
        await world.requests.decide(approver, request.id, 'approve', { nonce: request.nonce });
      }
    };
    const waiting = await world.file();
    await approve(waiting);
    expect(await world.state(waiting.id)).toBe('approved');
    expect(await path.decide(APPROVER_1, waiting, 'cancel')).toMatchObject({ ok: false, code: 'NOT_REQUESTER' });
    expect(await path.decide(REQUESTER, waiting, 'cancel')).toMatchObject({ ok: true });
    expect(await world.state(waiting.id)).toBe('cancelled');
    // The run that was waiting for a session finds it cancelled and runs nothing.
    expect((await world.requests.execute(waiting.id)).state).toBe('cancelled');
    const audit = await world.store.auditRecords();
    expect(audit.find((r) => r.operation === 'RequestCancelled' && r.requestId === waiting.id)?.parameters).toMatchObject({ stateWas: 'approved' });
    expect(audit.some((r) => r.operation === 'ExecutionStarted')).toBe(false);

    const started = await world.file('bob@contoso.com', '+14255550101');
    await approve(started);
    // A run claims it (the compare-and-set the executor makes before running anything).
    const { tenantId, requestHash: hash } = (await world.store.getRequest(started.id))!;
    await world.store.transition(started.id, ['approved'], 'running', {
      operation: 'ExecutionStarted',
      userId: 'voiceops',
      actorObjectId: 'voiceops',
      objectId: 'bob@contoso.com',
      parameters: {},
      resultStatus: 'Pending',
      tenantId,
      requestId: started.id,
      requestHash: hash,
    });
    // The button answers with the card as it is now (no Cancel on it); the typed twin says why.
    const late = await path.decide(REQUESTER, started, 'cancel');
    if (pathName === 'text') {
      expect(late).toMatchObject({ ok: false, code: 'REQUEST_NOT_PENDING' });
      expect(late.text).toBe(`Request #${started.id} is already in the state “Approved, running”, so it can no longer be cancelled.`);
    } else {
      expect(late.text).not.toContain('"verb":"cancel"');
    }
    expect(await world.state(started.id)).toBe('running');
  });

  test('reject with a comment: closed, nothing runs, the comment is on the vote, the audit and the requester message', async () => {
    const request = await world.file();
    expect(await path.decide(APPROVER_1, request, 'reject', 'wrong number range')).toMatchObject({ ok: true });
    await world.runner.drain();
    expect(await world.state(request.id)).toBe('rejected');
    const { votes } = await world.requests.status(request.id);
    expect(votes).toEqual([expect.objectContaining({ decision: 'reject', comment: 'wrong number range' })]);
    const audit = await world.store.auditRecords();
    expect(audit.find((r) => r.operation === 'RequestRejected')?.parameters).toMatchObject({ comment: 'wrong number range' });
    expect(world.messenger.sent.some((m) => /Rejected\. Reason: wrong number range/.test(m.text))).toBe(true);
    expect(audit.some((r) => r.operation === 'ExecutionStarted')).toBe(false);
  });

  test('a request whose stored content changed cannot be approved, and earlier votes stop counting', async () => {
    const request = await world.file();
    expect(await path.decide(APPROVER_1, request, 'approve')).toMatchObject({ ok: true });
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(world.databasePath);
    // Someone edits the number behind the approvers' backs: the stored hash no longer matches.
    db.prepare("UPDATE requests SET parameters = json_set(parameters, '$.number', '+14255559999') WHERE id = ?").run(request.id);
    const tampered = await path.decide(APPROVER_2, request, 'approve');
    expect(tampered).toMatchObject({ ok: false, code: 'REQUEST_CHANGED' });
    expect(await world.state(request.id)).toBe('pending');
    // A change that also re-hashes the request is a different request: the old vote no longer counts.
    const changed = (await world.store.getRequest(request.id))!;
    db.prepare('UPDATE requests SET request_hash = ? WHERE id = ?').run(requestHash(changed), request.id);
    db.close();
    expect(await path.decide(APPROVER_2, request, 'approve')).toMatchObject({ ok: true });
    expect(await world.state(request.id)).toBe('pending');
    world.clock.advance(5 * 60_000); // a new click, not a retry of the first
    expect(await path.decide(APPROVER_1, request, 'approve')).toMatchObject({ ok: true });
    await world.runner.drain();
    expect(await world.state(request.id)).toBe('succeeded');
    const refused = (await world.store.auditRecords()).filter((r) => r.operation === 'ApprovalRefused');
    expect(refused.map((r) => r.parameters.reason)).toEqual(['REQUEST_CHANGED']);
  });
});

describe('approval rules that do not depend on the path', () => {
  let world: ApprovalWorld;

  beforeEach(async () => {
    world = await new ApprovalWorld({
      requesters: [REQUESTER.objectId],
      approvers: [APPROVER_1.objectId, APPROVER_2.objectId],
      approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 },
      reminderMinutesBeforeExpiry: 60,
    }).start();
  });

  afterEach(async () => {
    await world.stop();
  });

  test('20 concurrent identical invokes: one state change, one run, twenty identical answers', async () => {
    const request = await world.file();
    const answers = await Promise.all(Array.from({ length: 20 }, () => world.button.decide(APPROVER_1, request, 'approve')));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].ok).toBe(true);
    await world.runner.drain();
    const audit = await world.store.auditRecords();
    expect(audit.filter((r) => r.operation === 'ApprovalGranted')).toHaveLength(1);
    expect(audit.filter((r) => r.operation === 'RequestApproved')).toHaveLength(1);
    expect(audit.filter((r) => r.operation === 'ExecutionStarted')).toHaveLength(1);
    expect(await world.state(request.id)).toBe('succeeded');
    // A retry after the run (Teams' 5 s retry) still changes nothing.
    const retry = await world.button.decide(APPROVER_1, request, 'approve');
    expect(retry).toEqual(answers[0]);
    expect((await world.store.auditRecords()).length).toBe(audit.length);
  });

  test('an invoke answers within 2 s; the run continues after the answer', async () => {
    const request = await world.file();
    const started = Date.now();
    const answer = await world.button.decide(APPROVER_1, request, 'approve');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.ok).toBe(true);
    expect(['approved', 'running']).toContain(await world.state(request.id));
    await world.runner.drain();
    expect(await world.state(request.id)).toBe('succeeded');
  });

  test('reminders: approvers are reminded once, within the last hour before expiry', async () => {
    const request = await world.file();
    world.clock.advance(22 * HOUR);
    expect(await world.requests.remindDue()).toEqual([]);
    world.clock.advance(HOUR);
    const reminded = await world.requests.remindDue();
    expect(reminded.map((r) => r.id)).toEqual([request.id]);
    expect(await world.requests.remindDue()).toEqual([]);
    expect((await world.store.auditRecords()).filter((r) => r.operation === 'ReminderSent')).toHaveLength(1);
  });

  test('restart with pending requests: one still in time stays actionable, one past its time closes as expired', async () => {
    const early = await world.file('alice@contoso.com');
    world.clock.advance(12 * HOUR);
    const later = await world.file('bob@contoso.com', '+14255550101');
    await world.restart();
    world.clock.advance(12 * HOUR);
    const expired = await world.requests.expireDue();
    expect(expired.map((r) => r.id)).toEqual([early.id]);
    expect(await world.state(early.id)).toBe('expired');
    expect(await world.state(later.id)).toBe('pending');
    expect(await world.button.decide(APPROVER_1, later, 'approve')).toMatchObject({ ok: true });
    await world.runner.drain();
    expect(await world.state(later.id)).toBe('succeeded');
    expect(await world.button.decide(APPROVER_1, early, 'approve')).toMatchObject({ ok: true });
    expect(await world.state(early.id)).toBe('expired');
  });
});
