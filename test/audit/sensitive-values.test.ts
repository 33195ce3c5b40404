import { readFileSync } from 'node:fs';
import { hmacOf, sensitiveValueProtector } from '../../src/audit/sensitive-values';
import { AuditFixture, entry } from './support/audit-fixture';

describe('sensitive values in the audit trail', () => {
  let fixture: AuditFixture;
  beforeEach(async () => {
    fixture = new AuditFixture();
    await fixture.cli('init');
  });
  afterEach(() => fixture.remove());

  test('when an entry carries a secret and private key material, then the database file holds only their HMACs, and audit hash finds them', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFakeFakeFakeFakeFakeFakeFakeFake\n-----END PRIVATE KEY-----';
    const store = fixture.openStore();
    await store.appendAudit(entry(1, { clientSecret: 'Sup3r-Secret-Value', certificate: { thumbprint: 'AB12', pfx: 'UEZYLWJ5dGVz' }, upload: pem }));
    const [record] = await store.auditRecords();
    await store.close();

    const file = readFileSync(fixture.databasePath).toString('latin1');
    expect(file).not.toContain('Sup3r-Secret-Value');
    expect(file).not.toContain('UEZYLWJ5dGVz');
    expect(file).not.toContain('MC4CAQAwBQYDK2VwBCIEIFakeFake');
    expect(record.parameters.note).toBe('record-01');
    expect((record.parameters.certificate as Record<string, unknown>).thumbprint).toBe('AB12');

    const searched = await fixture.cli('hash', 'Sup3r-Secret-Value');
    expect(searched.code).toBe(0);
    expect(searched.stdout.trim()).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(record.parameters.clientSecret).toBe(searched.stdout.trim());
    expect(record.parameters.upload).toBe((await fixture.cli('hash', '--', pem)).stdout.trim());
    const exported = await fixture.cli('export', '--format', 'jsonl');
    expect(exported.stdout).toContain(searched.stdout.trim());
  });

  test('when the HMAC key differs, then the same value hashes differently (the key, not the value, makes it searchable)', () => {
    const a = hmacOf('hunter2', Buffer.alloc(32, 1));
    expect(a).not.toBe(hmacOf('hunter2', Buffer.alloc(32, 2)));
    expect(a).toBe(hmacOf('hunter2', Buffer.alloc(32, 1)));
  });

  test('when parameters hold nothing sensitive, then they are stored unchanged', () => {
    const protect = sensitiveValueProtector(Buffer.alloc(32, 1));
    const plain = entry(2, { user: 'alice@contoso.com', number: '+14255550100', durationMs: 12, mismatches: ['a'] });
    expect(protect(plain)).toEqual(plain);
  });

  test('when the HMAC key is missing, then audit hash says how to create it', async () => {
    const other = new AuditFixture();
    await expect(other.cli('hash', 'x')).rejects.toThrow(/audit HMAC key file .* does not exist\. Run voiceops audit init/);
    other.remove();
  });
});
