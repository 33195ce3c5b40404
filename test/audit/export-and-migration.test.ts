import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { MIGRATIONS } from '../../src/adapters/sqlite/migrations';
import { AUDIT_OPERATIONS, GENESIS_HASH, sealAuditRecord } from '../../src/domain/audit/audit-record';
import { AuditFixture, entry } from './support/audit-fixture';

describe('voiceops audit export', () => {
  let fixture: AuditFixture;
  beforeAll(async () => {
    fixture = new AuditFixture();
    await fixture.cli('init');
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
    for (const [i, day] of days.entries()) await fixture.append(i + 1, i + 1, () => new Date(`${day}T09:30:00Z`));
    const store = fixture.openStore(() => new Date('2026-11-05T09:30:00Z'));
    await store.appendAudit(entry(5, { reason: 'wrong "range", see, ticket\nINC-1' }));
    await store.close();
  });
  afterAll(() => fixture.remove());

  test('when exporting JSON Lines from one day to another, then the records in range come in the M365 shape', async () => {
    const { code, stdout } = await fixture.cli('export', '--from', '2026-11-02', '--to', '2026-11-04', '--format', 'jsonl');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.Sequence)).toEqual([2, 3]);
    expect(lines[0]).toMatchObject({
      Id: expect.any(String),
      CreationTime: '2026-11-02T09:30:00.000Z',
      Workload: 'VoiceOps',
      Operation: 'RequestCreated',
      OrganizationId: '72f988bf-0000-4000-8000-00000000c0de',
      UserId: 'Megan Bowen',
      UserKey: 'aaaaaaaa-0000-4000-8000-00000000000a',
      ObjectId: 'user2@contoso.com',
      Parameters: [{ Name: 'note', Value: 'record-02' }],
      ResultStatus: 'Pending',
      RequestId: 2,
      RequestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      PreviousHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      Hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  test('when exported, then every record is valid against docs/audit-record.schema.json', async () => {
    const Ajv2020 = (await import('ajv/dist/2020')).default;
    const addFormats = (await import('ajv-formats')).default;
    const { readFileSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(`${__dirname}/../../docs/audit-record.schema.json`, 'utf8'));
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const { stdout } = await fixture.cli('export');
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(validate(line) ? [] : validate.errors).toEqual([]);
    expect(validate({ ...lines[0], Sequence: 0 })).toBe(false);
    // Every operation the bot writes is one the schema names, and no other.
    expect(schema.properties.Operation.enum).toEqual([...AUDIT_OPERATIONS]);
  });

  test('when exporting CSV, then there is a header, one row per record, and awkward values are quoted', async () => {
    const { stdout } = await fixture.cli('export', '--format', 'csv', '--from', '2026-11-04T00:00:00Z');
    const rows = stdout.split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('Id,CreationTime,Workload,Operation,OrganizationId,UserId,UserKey,ObjectId,Parameters,ResultStatus,RequestId,RequestHash,Sequence,PreviousHash,Hash');
    expect(stdout).toContain('"[{""Name"":""note"",""Value"":""record-05""},{""Name"":""reason"",""Value"":""wrong \\""range\\"", see, ticket\\nINC-1""}]"');
    expect(stdout.match(/,RequestCreated,/g)).toHaveLength(2);
  });

  test('when the format or a date is wrong, then it says so with exit 2', async () => {
    expect(await fixture.cli('export', '--format', 'xml')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--format must be csv or jsonl/) });
    expect(await fixture.cli('export', '--from', 'yesterday')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--from and --to take a date/) });
  });
});

/** The fixture's database as an older release left it: the migrations up to `version` applied, no records. */
async function databaseAtVersion(fixture: AuditFixture, version: number): Promise<Database.Database> {
  await fixture.cli('init');
  mkdirSync(fixture.dataDir, { recursive: true });
  const db = new Database(fixture.databasePath);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.version, '2026-11-01T00:00:00Z');
  }
  return db;
}

describe('migrating an older database', () => {
  test('when a v1 database with audit records is opened, then it is upgraded in place and the old chain still verifies and continues', async () => {
    const fixture = new AuditFixture();
    const db = await databaseAtVersion(fixture, 1);
    const old = sealAuditRecord(entry(1), { sequence: 1, id: 'v1-record', creationTime: '2026-11-01T10:00:00.000Z', previousHash: GENESIS_HASH });
    db.prepare(
      `INSERT INTO audit_log VALUES (@sequence, @id, @creationTime, @operation, @userId, @actorObjectId, @objectId, @parameters,
        @resultStatus, @tenantId, @requestId, @requestHash, @previousHash, @hash)`,
    ).run({ ...old, parameters: JSON.stringify(old.parameters) });
    db.close();

    const store = new SqliteStore(fixture.databasePath);
    await store.appendAudit(entry(2));
    await store.close();
    const check = new Database(fixture.databasePath, { readonly: true });
    expect(check.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual(MIGRATIONS.map(({ version }) => ({ version })));
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name IN ('audit_anchor', 'audit_log_append_only')").all()).toHaveLength(2);
    check.close();
    expect(await fixture.cli('verify', '--json')).toMatchObject({ code: 0, stdout: expect.stringContaining('"headSequence":2') });
    fixture.remove();
  });

  test('when a version 4 database is opened, then its audit table keeps its records, loses the id and time indexes and still refuses edits', async () => {
    const fixture = new AuditFixture();
    const db = await databaseAtVersion(fixture, 4);
    const insert = db.prepare(
      `INSERT INTO audit_log VALUES (@sequence, @id, @creationTime, @operation, @userId, @actorObjectId, @objectId, @parameters,
        @resultStatus, @tenantId, @requestId, @requestHash, @previousHash, @hash)`,
    );
    let previousHash = GENESIS_HASH;
    for (const sequence of [1, 2, 3]) {
      const record = sealAuditRecord(entry(sequence), { sequence, id: `v4-${sequence}`, creationTime: `2026-11-0${sequence}T10:00:00.000Z`, previousHash });
      insert.run({ ...record, parameters: JSON.stringify(record.parameters) });
      previousHash = record.hash;
    }
    db.close();

    const store = new SqliteStore(fixture.databasePath);
    await store.appendAudit(entry(4));
    await store.close();
    const check = new Database(fixture.databasePath);
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name").all();
    expect(indexes).toEqual([{ name: 'audit_by_object' }, { name: 'audit_by_request' }]);
    expect(check.prepare('SELECT id FROM audit_log ORDER BY sequence').all()).toEqual([{ id: 'v4-1' }, { id: 'v4-2' }, { id: 'v4-3' }, { id: expect.any(String) }]);
    expect(() => check.prepare("UPDATE audit_log SET object_id = 'x' WHERE sequence = 2").run()).toThrow(/append-only/);
    expect(() => check.prepare('DELETE FROM audit_log WHERE sequence = 2').run()).toThrow(/only through an archive/);
    check.close();
    expect(await fixture.cli('verify', '--json')).toMatchObject({ code: 0, stdout: expect.stringContaining('"headSequence":4') });
    const { stdout } = await fixture.cli('export', '--from', '2026-11-02', '--to', '2026-11-03', '--format', 'jsonl');
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).Id)).toEqual(['v4-2']);
    fixture.remove();
  });
});
