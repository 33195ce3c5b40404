import { verifyAuditChain } from '../../src/domain/audit/audit-record';
import type { Store } from '../../src/ports/store';
import { entry, newRequest, type StoreFactory } from './store-contract';

const MEGAN = { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' };
const ADELE = { objectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele Vance' };

function runbookAudit(operation: 'RunbookStarted' | 'RunbookStepRecorded', extra: Record<string, unknown> = {}) {
  return { ...entry(operation, null, { runbook: 'cloud-connector', ...extra }), objectId: 'runbook cloud-connector' };
}

/** Runbook progress (issue 8): the same behaviour on every store. */
export function runbookStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} store contract: runbooks`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      ({ store, dispose } = await factory());
    });

    afterEach(async () => {
      await dispose();
    });

    test('when a runbook is started, then it is stored per tenant with its parameters and an audit record, and starting again replaces the parameters', async () => {
      const started = await store.saveRunbook(
        { tenantId: 'tenant-1', name: 'cloud-connector', parameters: { domain: 'contoso.com' }, startedBy: MEGAN },
        runbookAudit('RunbookStarted'),
      );
      expect(started).toMatchObject({ tenantId: 'tenant-1', name: 'cloud-connector', parameters: { domain: 'contoso.com' }, startedBy: MEGAN, steps: [] });
      expect(await store.getRunbook('tenant-2', 'cloud-connector')).toBeUndefined();
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'cloud-connector', parameters: { domain: 'fabrikam.com', site: 'Redmond' }, startedBy: ADELE }, runbookAudit('RunbookStarted'));
      const again = await store.getRunbook('tenant-1', 'cloud-connector');
      expect(again).toMatchObject({ parameters: { domain: 'fabrikam.com', site: 'Redmond' }, startedBy: MEGAN });
      expect((await store.auditRecords()).map((r) => r.operation)).toEqual(['RunbookStarted', 'RunbookStarted']);
    });

    test('when steps are recorded, then the last record of each step is kept with who, when, the request and the note, and each change is audited', async () => {
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'cloud-connector', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      const request = await store.createRequest(newRequest({ operation: 'configure-hybrid' }), (r) => entry('RequestCreated', r.id));
      await store.recordRunbookStep('tenant-1', 'cloud-connector', { step: 'firewall', state: 'done', actor: MEGAN, at: '2026-11-23T10:00:00.000Z', requestId: null, note: 'ports opened by network team' }, runbookAudit('RunbookStepRecorded', { step: 'firewall' }));
      await store.recordRunbookStep('tenant-1', 'cloud-connector', { step: 'hybrid', state: 'not-started', actor: ADELE, at: '2026-11-23T11:00:00.000Z', requestId: request.id, note: null }, runbookAudit('RunbookStepRecorded', { step: 'hybrid' }));
      await store.recordRunbookStep('tenant-1', 'cloud-connector', { step: 'hybrid', state: 'verified', actor: null, at: '2026-11-23T12:00:00.000Z', requestId: request.id, note: 'read back' }, runbookAudit('RunbookStepRecorded', { step: 'hybrid' }));

      const runbook = await store.getRunbook('tenant-1', 'cloud-connector');
      expect(runbook?.steps).toEqual([
        { step: 'firewall', state: 'done', actor: MEGAN, at: '2026-11-23T10:00:00.000Z', requestId: null, note: 'ports opened by network team' },
        { step: 'hybrid', state: 'verified', actor: null, at: '2026-11-23T12:00:00.000Z', requestId: request.id, note: 'read back' },
      ]);
      expect(await store.runbookStepOfRequest(request.id)).toEqual({ tenantId: 'tenant-1', name: 'cloud-connector', step: 'hybrid' });
      expect(await store.runbookStepOfRequest(999)).toBeUndefined();
      const audit = await store.auditRecords();
      expect(audit.map((r) => r.operation)).toEqual(['RunbookStarted', 'RequestCreated', 'RunbookStepRecorded', 'RunbookStepRecorded', 'RunbookStepRecorded']);
      expect(audit[2].parameters).toMatchObject({ step: 'firewall' });
      expect(verifyAuditChain(audit).intact).toBe(true);
    });

    test('when a step is recorded with a catalog message, then the message comes back with its English note, and a typed reason that looks like one stays as typed', async () => {
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'cloud-connector', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      const text = { key: 'runbook.requestFiled' as const, params: { id: '7' } };
      await store.recordRunbookStep('tenant-1', 'cloud-connector', { step: 'hybrid', state: 'not-started', actor: ADELE, at: '2026-11-23T11:00:00.000Z', requestId: null, note: 'Request #7 filed, waiting for approval.', text }, runbookAudit('RunbookStepRecorded'));
      await store.recordRunbookStep('tenant-1', 'cloud-connector', { step: 'firewall', state: 'done', actor: MEGAN, at: '2026-11-23T10:00:00.000Z', requestId: null, note: 'i18n:{not json' }, runbookAudit('RunbookStepRecorded'));
      const steps = (await store.getRunbook('tenant-1', 'cloud-connector'))?.steps;
      expect(steps?.find((s) => s.step === 'hybrid')).toMatchObject({ note: 'Request #7 filed, waiting for approval.', text });
      expect(steps?.find((s) => s.step === 'firewall')).toEqual(expect.objectContaining({ note: 'i18n:{not json' }));
      expect(steps?.find((s) => s.step === 'firewall')?.text).toBeUndefined();
    });

    // Matched on the message: better-sqlite3's error class comes from the first test file a worker loaded it in.
    test('when a step names a runbook that was never started, or a state that does not exist, then nothing is stored, not even the audit record', async () => {
      await expect(
        store.recordRunbookStep('tenant-1', 'exchange-oauth', { step: 'account', state: 'done', actor: MEGAN, at: '2026-11-23T10:00:00.000Z', requestId: null, note: null }, runbookAudit('RunbookStepRecorded')),
      ).rejects.toHaveProperty('message', expect.stringMatching(/foreign key/i));
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'exchange-oauth', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      await expect(
        store.recordRunbookStep('tenant-1', 'exchange-oauth', { step: 'account', state: 'bogus' as never, actor: MEGAN, at: '2026-11-23T10:00:00.000Z', requestId: null, note: null }, runbookAudit('RunbookStepRecorded')),
      ).rejects.toHaveProperty('message', expect.stringMatching(/check constraint/i));
      expect((await store.getRunbook('tenant-1', 'exchange-oauth'))?.steps).toEqual([]);
      expect((await store.auditRecords()).map((r) => r.operation)).toEqual(['RunbookStarted']);
    });

    test('when a tenant has several runbooks, then listRunbooks returns them by name and only that tenant\'s', async () => {
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'exchange-oauth', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      await store.saveRunbook({ tenantId: 'tenant-1', name: 'cloud-connector', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      await store.saveRunbook({ tenantId: 'tenant-2', name: 'cloud-connector', parameters: {}, startedBy: MEGAN }, runbookAudit('RunbookStarted'));
      expect((await store.listRunbooks('tenant-1')).map((r) => r.name)).toEqual(['cloud-connector', 'exchange-oauth']);
      expect((await store.listRunbooks('tenant-3'))).toEqual([]);
    });
  });
}
