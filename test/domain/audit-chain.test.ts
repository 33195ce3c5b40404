import { type AuditEntry, GENESIS_HASH, sealAuditRecord, verifyAuditChain, type AuditRecord } from '../../src/domain/audit/audit-record';

const entry: AuditEntry = {
  operation: 'RequestCreated',
  userId: 'Megan Bowen',
  actorObjectId: 'a',
  objectId: 'alice@contoso.com',
  parameters: { number: '+14255550100' },
  resultStatus: 'Pending',
  tenantId: 't',
  requestId: 1,
  requestHash: 'h',
};

function chain(length: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 1; i <= length; i++) {
    records.push(sealAuditRecord(entry, { sequence: i, id: `id-${i}`, creationTime: '2026-11-23T10:00:00.000Z', previousHash: records[i - 2]?.hash ?? GENESIS_HASH }));
  }
  return records;
}

describe('verifyAuditChain', () => {
  test('when nothing was touched, then the chain is intact', () => {
    expect(verifyAuditChain(chain(5))).toMatchObject({ intact: true, records: 5 });
  });

  test('when a field of record 3 is edited, then record 3 is reported as edited', () => {
    const records = chain(5);
    records[2] = { ...records[2], objectId: 'mallory@contoso.com' };
    expect(verifyAuditChain(records)).toEqual({ intact: false, sequence: 3, damage: 'edited' });
  });

  test('when record 3 is deleted, then sequence 3 is reported as deleted', () => {
    const records = chain(5);
    records.splice(2, 1);
    expect(verifyAuditChain(records)).toEqual({ intact: false, sequence: 3, damage: 'deleted' });
  });

  test('when a record is rewritten with a fresh hash, then the broken link to it is found', () => {
    const records = chain(5);
    records[2] = sealAuditRecord({ ...entry, objectId: 'mallory@contoso.com' }, { sequence: 3, id: 'id-3', creationTime: records[2].creationTime, previousHash: records[1].hash });
    expect(verifyAuditChain(records)).toEqual({ intact: false, sequence: 4, damage: 'broken-link' });
  });
});
