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
    records.push(sealAuditRecord({ ...entry, requestId: i }, { sequence: i, id: `id-${i}`, creationTime: '2026-11-23T10:00:00.000Z', previousHash: records[i - 2]?.hash ?? GENESIS_HASH }));
  }
  return records;
}

describe('verifyAuditChain', () => {
  test('when nothing was touched, then the chain is intact', () => {
    expect(verifyAuditChain(chain(5))).toMatchObject({ intact: true, records: 5, headSequence: 5 });
  });

  test('when a field of record 3 is edited, then record 3 is reported as edited', () => {
    const records = chain(5);
    records[2] = { ...records[2], objectId: 'mallory@contoso.com' };
    expect(verifyAuditChain(records)).toMatchObject({ intact: false, sequence: 3, damage: 'edited' });
  });

  test('when record 3 is deleted, then sequence 3 is reported as deleted', () => {
    const records = chain(5);
    records.splice(2, 1);
    expect(verifyAuditChain(records)).toMatchObject({ intact: false, sequence: 3, damage: 'deleted' });
  });

  test('when record 3 is deleted and the rest renumbered, then sequence 3 is reported as deleted', () => {
    const records = chain(5);
    records.splice(2, 1);
    const renumbered = records.map((r, i) => ({ ...r, sequence: i + 1 }));
    expect(verifyAuditChain(renumbered)).toMatchObject({ intact: false, sequence: 3, damage: 'deleted' });
  });

  test('when records 2 and 4 swap slots, then sequence 2 is reported as reordered', () => {
    const records = chain(5);
    const moved = records.map((r) => ({ ...r }));
    moved[1] = { ...records[3], sequence: 2 };
    moved[3] = { ...records[1], sequence: 4 };
    expect(verifyAuditChain(moved)).toMatchObject({ intact: false, sequence: 2, damage: 'reordered' });
  });

  test('when a record is rewritten with a fresh hash, then that record is reported as edited', () => {
    const records = chain(5);
    records[2] = sealAuditRecord({ ...entry, objectId: 'mallory@contoso.com' }, { sequence: 3, id: 'id-3', creationTime: records[2].creationTime, previousHash: records[1].hash });
    expect(verifyAuditChain(records)).toMatchObject({ intact: false, sequence: 3, damage: 'edited' });
  });

  test('when the whole chain is re-sealed after an edit, then the signed checkpoint names where it was rewritten', () => {
    const original = chain(6);
    const forged: AuditRecord[] = [];
    for (const r of original) {
      const changed = r.sequence === 5 ? { ...r, objectId: 'mallory@contoso.com' } : r;
      const { hash: _hash, previousHash: _prev, sequence, id, creationTime, ...body } = changed;
      forged.push(sealAuditRecord(body, { sequence, id, creationTime, previousHash: forged[forged.length - 1]?.hash ?? GENESIS_HASH }));
    }
    const checkpoints = [{ sequence: 2, hash: original[1].hash }, { sequence: 6, hash: original[5].hash }];
    expect(verifyAuditChain(forged, { checkpoints })).toMatchObject({ intact: false, sequence: 3, damage: 'edited' });
  });

  test('when the tail is cut below a signed checkpoint, then the first missing sequence is reported as truncated', () => {
    const records = chain(6);
    const checkpoints = [{ sequence: 6, hash: records[5].hash }];
    expect(verifyAuditChain(records.slice(0, 4), { checkpoints })).toMatchObject({ intact: false, sequence: 5, damage: 'truncated' });
  });

  test('when verification starts at a trusted point, then only the records after it are walked', () => {
    const records = chain(6);
    expect(verifyAuditChain(records.slice(3), { start: { sequence: 3, hash: records[2].hash } })).toMatchObject({ intact: true, records: 3, headSequence: 6 });
  });
});

describe('auditHash', () => {
  test('for any JSON parameters, it hashes the same bytes as the canonical JSON of the record body plus the previous hash', () => {
    const fc = require('fast-check') as typeof import('fast-check');
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const { canonicalJson } = require('../../src/domain/canonical-json') as typeof import('../../src/domain/canonical-json');
    const { auditHash } = require('../../src/domain/audit/audit-record') as typeof import('../../src/domain/audit/audit-record');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (parameters, userId) => {
        const record = { ...chain(1)[0], parameters, userId };
        const { hash: _hash, previousHash, ...body } = record;
        const expected = createHash('sha256').update(canonicalJson(body)).update(previousHash).digest('hex');
        expect(auditHash(record)).toBe(expected);
      }),
    );
  });
});
