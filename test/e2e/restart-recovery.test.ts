import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runAuditCli } from '../../src/audit/audit-cli';
import { VoiceopsProcess } from '../scale-out/support/processes';
import { readTenant, upnOf, writeTenant } from '../scale-out/support/tenant';
import { TeamsChat } from '../support/teams-chat';
import { ADMIN_CONVERSATION } from '../support/personas';
import { cardOf, cardText, TeamsConnector } from '../support/teams-connector';
import { updateTenantState } from '../support/tenant-state';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Every tenant call sleeps this long first, so a run is easy to catch in the middle.
const LATENCY_MS = 2500;

/**
 * The embedded bot (SQLite, its own pwsh pool) killed with -9 while it runs an approved change, then started again
 * on the same data directory: what it left unfinished is settled by reading the tenant back, never run twice.
 */
describe('the embedded bot restarted after kill -9 during a run', () => {
  const connector = new TeamsConnector();
  const dir = mkdtempSync(join(tmpdir(), 'voiceops-restart-'));
  const dataDir = join(dir, 'data');
  const tenantPath = join(dir, 'tenant.json');
  const databasePath = join(dataDir, 'voiceops.sqlite');
  let chat: TeamsChat;
  let bot: VoiceopsProcess | undefined;
  let generation = 0;

  beforeAll(async () => {
    writeTenant(tenantPath, { users: 8, latencyMs: LATENCY_MS, countCalls: true });
    chat = new TeamsChat(connector, await connector.start());
  });

  afterAll(async () => {
    await bot?.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function startBot(): Promise<{ url: string; process: VoiceopsProcess }> {
    generation += 1;
    bot = new VoiceopsProcess(`embedded-bot-${generation}`, 'start', {
      VOICEOPS_DATA_DIR: dataDir,
      VOICEOPS_TENANT_STATE: tenantPath,
      VOICEOPS_POOL_SIZE: '2',
      PORT: '0',
      VOICEOPS_PACE_OUTBOUND: 'off',
    });
    return { url: await bot.url(), process: bot };
  }

  function read<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(databasePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  const stateOf = (requestId: number) => read<{ state: string }>('SELECT state FROM requests WHERE id = ?', requestId)[0]?.state;
  const auditOf = (requestId: number) =>
    read<{ operation: string; parameters: string }>('SELECT operation, parameters FROM audit_log WHERE request_id = ? ORDER BY sequence', requestId).map(
      (r) => ({ operation: r.operation, parameters: JSON.parse(r.parameters) as Record<string, unknown> }),
    );

  async function until(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
  }

  async function approvedAndRunning(index: number): Promise<{ requestId: number; process: VoiceopsProcess; callsBefore: number }> {
    const { url, process } = await startBot();
    const callsBefore = readTenant(tenantPath).runtime.callCount;
    const { requestId, nonce } = await chat.file(url, `enable voice ${upnOf(index)} +1425600200${index}`);
    await chat.approve(url, requestId, nonce);
    await until(`request #${requestId} running`, () => stateOf(requestId) === 'running');
    await sleep(800); // inside Set-CsUser's service latency now
    return { requestId, process, callsBefore };
  }

  async function restartAndSettle(requestId: number): Promise<string> {
    const { process } = await startBot();
    const resumed = await process.waitFor((l) => l.message === 'resuming requests the previous process left unfinished');
    expect(resumed).toMatchObject({ running: [requestId], approved: [] });
    const told = await chat.told(requestId, 60_000);
    await process.stop();
    return told;
  }

  test('bot and pwsh killed before the change lands: after the restart the read-back finds nothing changed (failed, not re-run)', async () => {
    const { requestId, process, callsBefore } = await approvedAndRunning(0);
    await process.killGroup();
    expect(stateOf(requestId)).toBe('running');

    const told = await restartAndSettle(requestId);

    expect(told).toMatch(new RegExp(`^#${requestId} .*nothing changed\\. It was not re-run`));
    expect(stateOf(requestId)).toBe('failed');
    expect(readTenant(tenantPath).users[0]).toMatchObject({ EnterpriseVoiceEnabled: false, OnPremLineURI: '' });
    // Calls: the read at filing (the user, and who else holds the number), the prior-state read, then only the
    // read-back; the killed Set-CsUser never reached the tenant.
    expect(readTenant(tenantPath).runtime.callCount - callsBefore).toBe(2 + 1 + 1);
    const audit = auditOf(requestId);
    expect(audit.map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'ExecutionStarted', 'ChangeVerified']);
    expect(audit[4].parameters).toMatchObject({ reconciled: true, verified: false });
  }, 240_000);

  test('the bot alone killed while its pwsh finishes the change: after the restart the read-back finds it landed', async () => {
    const { requestId, process, callsBefore } = await approvedAndRunning(1);
    await process.killProcessOnly();
    // The orphaned session finishes Set-CsUser on its own; the new process must not run it again.
    await until('the orphaned Set-CsUser landed', () => readTenant(tenantPath).users[1].EnterpriseVoiceEnabled === true);

    const told = await restartAndSettle(requestId);

    expect(told).toMatch(new RegExp(`^#${requestId} .*shows the change landed`));
    expect(stateOf(requestId)).toBe('succeeded');
    expect(readTenant(tenantPath).users[1]).toMatchObject({ EnterpriseVoiceEnabled: true, OnPremLineURI: 'tel:+14256002001' });
    // Calls: the read at filing (the user, and who else holds the number), the prior-state read, the orphan's
    // Set-CsUser (and the read in it), the one read-back.
    expect(readTenant(tenantPath).runtime.callCount - callsBefore).toBe(2 + 1 + 2 + 1);
    const audit = auditOf(requestId);
    expect(audit.map((r) => r.operation)).toEqual(['RequestCreated', 'ApprovalGranted', 'RequestApproved', 'ExecutionStarted', 'ChangeVerified']);
    expect(audit[4].parameters).toMatchObject({ reconciled: true, verified: true });
  }, 240_000);

  test('killed after the approval but before the run started: after the restart it runs once and is verified', async () => {
    const { url, process } = await startBot();
    const { requestId, nonce } = await chat.file(url, `enable voice ${upnOf(2)} +14256002002`);
    await chat.approve(url, requestId, nonce);
    // The run first reads the prior state (one tenant latency) before it records its start.
    await until(`request #${requestId} approved`, () => stateOf(requestId) === 'approved');
    await sleep(300);
    await process.killGroup();
    expect(stateOf(requestId)).toBe('approved');
    expect(auditOf(requestId).map((r) => r.operation)).not.toContain('ExecutionStarted');

    const restarted = await startBot();
    const resumed = await restarted.process.waitFor((l) => l.message === 'resuming requests the previous process left unfinished');
    expect(resumed).toMatchObject({ approved: [requestId], running: [] });
    const told = await chat.told(requestId, 60_000);
    await restarted.process.stop();

    expect(told).toMatch(new RegExp(`^#${requestId} .*Succeeded and verified`));
    expect(stateOf(requestId)).toBe('succeeded');
    expect(readTenant(tenantPath).users[2]).toMatchObject({ EnterpriseVoiceEnabled: true, OnPremLineURI: 'tel:+14256002002' });
    const operations = auditOf(requestId).map((r) => r.operation);
    expect(operations.filter((o) => o === 'ExecutionStarted')).toHaveLength(1);
    expect(operations.slice(-3)).toEqual(['ExecutionStarted', 'ExecutionFinished', 'ChangeVerified']);
  }, 240_000);

  test('killed mid-change with the user found partly changed: after the restart the request is unknown and the approvers get a card to check it', async () => {
    const { requestId, process } = await approvedAndRunning(6);
    await process.killGroup();
    // As if the service had applied half of the change before the bot died.
    updateTenantState(tenantPath, (state) => {
      state.users[6].EnterpriseVoiceEnabled = true;
    });

    const told = await restartAndSettle(requestId);

    expect(told).toMatch(new RegExp(`^#${requestId} .*only part of it is in place .*A person must check; nothing was re-run`));
    expect(stateOf(requestId)).toBe('unknown');
    const notice = connector.sent().find((c) => String(c.activity.text).startsWith(`Needs a person: request #${requestId} `));
    expect(notice?.conversationId).toBe(ADMIN_CONVERSATION);
    expect(cardText(cardOf(notice!.activity))).toContain(`Request #${requestId}`);
    expect(cardOf(notice!.activity)?.actions ?? []).toEqual([]);
  }, 240_000);

  test('a bulk run killed half-way: after the restart each row is read back; rows done are reported, the others not done and not re-run', async () => {
    const { url, process } = await startBot();
    const rows = [3, 4, 5].map((i) => `${upnOf(i)},+1425600200${i},,`);
    const { requestId, nonce } = await chat.file(url, ['bulk', 'upn,number,site,international', ...rows].join('\n'));
    await chat.approve(url, requestId, nonce);
    // Two sessions: the first two rows start their change together; the third waits for a free session.
    const rowsStarted = () => auditOf(requestId).filter((r) => r.operation === 'ExecutionStarted' && r.parameters.row !== undefined).length;
    await until('two rows started their change', () => rowsStarted() === 2);
    await sleep(800); // both Set-CsUser calls are inside their service latency now
    await process.killProcessOnly();
    await until('the orphaned sessions finished both changes', () => [3, 4].every((i) => readTenant(tenantPath).users[i].EnterpriseVoiceEnabled === true));
    expect(rowsStarted()).toBe(2);

    const restarted = await startBot();
    const resumed = await restarted.process.waitFor((l) => l.message === 'resuming requests the previous process left unfinished');
    expect(resumed).toMatchObject({ approved: [], running: [requestId] });
    const told = await chat.told(requestId, 60_000);
    await restarted.process.stop();

    expect(told).toMatch(/stopped before it finished; nothing was re-run\. Read back: 3 rows: 2 changed, 0 no change needed, 1 not done\./);
    expect(stateOf(requestId)).toBe('failed');
    expect(readTenant(tenantPath).users[5]).toMatchObject({ EnterpriseVoiceEnabled: false, OnPremLineURI: '' });
    const result = JSON.parse(read<{ result: string }>('SELECT result FROM requests WHERE id = ?', requestId)[0].result);
    expect(result.bulkRows.map((r: { user: string; outcome: string }) => [r.user, r.outcome])).toEqual([
      [upnOf(3), 'changed'],
      [upnOf(4), 'changed'],
      [upnOf(5), 'failed'],
    ]);
    expect(result.bulkRows[2].detail).toMatch(/^the run stopped before this row was finished and it was not re-run; it reads back differently: /);
    const last = auditOf(requestId).pop()!;
    expect(last).toMatchObject({ operation: 'ChangeVerified', parameters: { reconciled: true, rows: 3, changed: 2, noChange: 0, failed: 1 } });
  }, 240_000);

  test('killed while Teams refused the outcome message: after the restart the requester is told once, the cards not updated again', async () => {
    const { url, process } = await startBot();
    const { requestId, nonce } = await chat.file(url, `enable voice ${upnOf(7)} +14256002007`);
    const outcomeMessage = (c: { method: string; activity: Record<string, unknown> }) => c.method === 'POST' && String(c.activity.text ?? '').startsWith(`#${requestId} `);
    const finalCardUpdates = () => connector.updates().filter((u) => /Succeeded and verified/.test(cardText(cardOf(u.activity))) && cardText(cardOf(u.activity)).includes(`#${requestId}`));
    connector.refuse(outcomeMessage, 1_000, 403);
    await chat.approve(url, requestId, nonce);
    await until('the outcome message refused', () => connector.refused.some(outcomeMessage));
    await process.killGroup();
    expect(stateOf(requestId)).toBe('succeeded');
    const cardsBefore = finalCardUpdates().length;
    expect(cardsBefore).toBeGreaterThan(0);
    // The outbox kept it: due, claimed, the cards recorded as sent and the message not.
    expect(read('SELECT announce_due, announced_parts FROM requests WHERE id = ?', requestId)).toEqual([{ announce_due: 1, announced_parts: '["cards"]' }]);

    connector.stopRefusing();
    const restarted = await startBot();
    const told = await chat.told(requestId, 30_000);
    await until('the announcement closed', () => read<{ announce_due: number }>('SELECT announce_due FROM requests WHERE id = ?', requestId)[0].announce_due === 0);
    await restarted.process.stop();

    expect(told).toMatch(new RegExp(`^#${requestId} .*Succeeded and verified`));
    expect(connector.texts().filter((t) => t.startsWith(`#${requestId} `))).toHaveLength(1);
    expect(finalCardUpdates()).toHaveLength(cardsBefore);
  }, 240_000);

  test('the audit chain written across the kills and restarts verifies intact', async () => {
    let stdout = '';
    const code = await runAuditCli(['verify'], { env: { VOICEOPS_DATA_DIR: dataDir }, stdout: (t) => (stdout += t), stderr: () => {} });
    expect(stdout).toMatch(/^INTACT/);
    expect(code).toBe(0);
  });
});
