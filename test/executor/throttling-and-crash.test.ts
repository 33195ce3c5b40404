import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { PowerShellSessionPool } from '../../src/adapters/powershell';
import { backoffMs, isReadOnlyCommand } from '../../src/adapters/powershell/throttle-retry';
import { SqliteStore } from '../../src/adapters/sqlite/sqlite-store';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { findOperation } from '../../src/domain/operations/catalog';
import { ApprovalPolicy } from '../../src/domain/policy/approval-policy';
import { parsePolicy } from '../../src/domain/policy/load-policy';
import { RequestService } from '../../src/domain/requests/request-service';
import { ADELE, DIEGO, TENANT_ID } from '../support/personas';
import { describeWithPwsh, ScratchTenant, startTestPool } from '../powershell/support/pwsh-fixture';

describe('which calls may be retried when throttled', () => {
  test.each([
    ['Get-VoiceOpsVoiceState', true],
    ['Test-VoiceOpsHybridConfiguration', true],
    ['Enable-VoiceOpsVoice', false],
    ['Set-VoiceOpsUserSite', false],
    ['Grant-VoiceOpsVoiceRoutingPolicy', false],
    ['New-VoiceOpsPartnerApplication', false],
  ])('%s → retried: %s', (command, retried) => {
    expect(isReadOnlyCommand(command)).toBe(retried);
  });

  test('when the attempts go on, then the backoff doubles up to its ceiling, with jitter in the upper half', () => {
    const policy = { retries: 5, baseDelayMs: 100, maxDelayMs: 500 };

    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, policy, () => 0))).toEqual([50, 100, 200, 250, 250]);
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, policy, () => 1))).toEqual([100, 200, 400, 500, 500]);
  });
});

describeWithPwsh('throttling and crashes against the simulated tenant', () => {
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;

  beforeAll(async () => {
    tenant = new ScratchTenant();
    pool = startTestPool(tenant, { size: 1, throttleRetry: { retries: 3, baseDelayMs: 20, maxDelayMs: 100 } });
    await pool.warm();
  });

  afterAll(async () => {
    await pool?.close();
    tenant?.remove();
  });

  /** The simulated service throttles every Nth call; callCount is its counter. */
  const setServiceCalls = (callCount: number, throttleEveryN: number): void => {
    const state = tenant.read();
    state.settings = { ...state.settings, throttleEveryN, latencyMs: 0 };
    state.runtime = { callCount };
    writeFileSync(tenant.statePath, JSON.stringify(state, null, 2));
  };
  const serviceCalls = (): number => (tenant.read().runtime as { callCount: number }).callCount;

  test('when a read is throttled once, then it is retried and succeeds', async () => {
    setServiceCalls(1, 2);
    const retriesBefore = pool.stats().throttleRetries;

    const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'alice@contoso.com' } });

    expect(outcome).toMatchObject({ ok: true, output: { UserPrincipalName: 'alice@contoso.com' } });
    expect(serviceCalls()).toBe(3);
    expect(pool.stats().throttleRetries).toBe(retriesBefore + 1);
  });

  test('when a read stays throttled, then it gives up after the retries with Throttled', async () => {
    setServiceCalls(0, 1);

    const outcome = await pool.invoke({ command: 'Get-VoiceOpsVoiceState', arguments: { Identity: 'alice@contoso.com' } });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Throttled' } });
    expect(serviceCalls()).toBe(4);
  });

  test('when a change is throttled, then it is not run again', async () => {
    setServiceCalls(1, 2);
    const before = tenant.user('carol@contoso.com');
    const retriesBefore = pool.stats().throttleRetries;

    const outcome = await pool.invoke({ command: 'Enable-VoiceOpsVoice', arguments: { Identity: 'carol@contoso.com', LineUri: 'tel:+14255550177' } });

    expect(outcome).toMatchObject({ ok: false, error: { kind: 'Throttled' } });
    expect(serviceCalls()).toBe(2);
    expect(pool.stats().throttleRetries).toBe(retriesBefore);
    expect(tenant.user('carol@contoso.com')).toEqual(before);
  });
});

describeWithPwsh('a change whose pwsh dies mid-run', () => {
  let tenant: ScratchTenant;
  let pool: PowerShellSessionPool;
  let store: SqliteStore;
  let requests: RequestService;
  const operation = findOperation('enable-voice');
  const requester = { objectId: DIEGO.aadObjectId, name: DIEGO.name };
  const approver = { objectId: ADELE.aadObjectId, name: ADELE.name };

  beforeEach(async () => {
    tenant = new ScratchTenant();
    pool = startTestPool(tenant, { size: 1 });
    store = new SqliteStore(tenant.file('voiceops.sqlite'));
    const policyPath = path.join(PROJECT_ROOT, 'config', 'policy.dev.json');
    requests = new RequestService({ store, executor: pool, policy: new ApprovalPolicy(parsePolicy(readFileSync(policyPath, 'utf8'), policyPath)), tenantId: TENANT_ID });
    await pool.warm();
  });

  afterEach(async () => {
    await pool?.close();
    await store?.close();
    tenant?.remove();
  });

  /** Files and approves enable-voice for a user, then runs it while `whileRunning` does something to its pwsh. */
  const runApproved = async (user: string, number: string, whileRunning: (pwshPid: number) => Promise<void>) => {
    if (!operation) throw new Error('enable-voice is not in the catalog');
    const filed = await requests.file(requester, operation, { user, number }, '19:test');
    if (filed.kind !== 'filed') throw new Error('expected a filed request');
    await requests.decide(approver, filed.request.id, 'approve');
    const pwshPid = pool.stats().sessions[0].pid as number;
    const [request] = await Promise.all([requests.execute(filed.request.id), whileRunning(pwshPid)]);
    return request;
  };

  test('when pwsh is killed before the change lands, then the outcome is Crashed, the request is unknown and the read-back shows nothing changed', async () => {
    tenant.updateSettings({ latencyMs: 3_000 });
    const before = tenant.user('carol@contoso.com');

    const request = await runApproved('carol@contoso.com', '+14255550188', async (pwshPid) => {
      // The prior-state read (Get-CsOnlineUser, 3 s) comes first; kill halfway through Set-CsUser's 3 s.
      await sleep(4_500);
      process.kill(pwshPid, 'SIGKILL');
    });

    expect(request.state).toBe('unknown');
    expect(request.result).toMatchObject({ succeeded: false, verified: false });
    expect(tenant.user('carol@contoso.com')).toEqual(before);
    const audit = (await store.auditRecords()).filter((entry) => entry.requestId === request.id).map((entry) => [entry.operation, entry.parameters.errorKind]);
    expect(audit).toContainEqual(['ExecutionFinished', 'Crashed']);
  });

  test('when pwsh is killed after the change landed, then the read-back finds it and the request succeeds, run once', async () => {
    tenant.updateSettings({ latencyMs: 1_500 });

    const request = await runApproved('dan@contoso.com', '+14255550199', async (pwshPid) => {
      await waitUntil(() => tenant.user('dan@contoso.com').EnterpriseVoiceEnabled === true);
      process.kill(pwshPid, 'SIGKILL');
    });

    expect(request.state).toBe('succeeded');
    expect(tenant.user('dan@contoso.com')).toMatchObject({ EnterpriseVoiceEnabled: true, LineURI: 'tel:+14255550199' });
    const audit = (await store.auditRecords()).filter((entry) => entry.requestId === request.id).map((entry) => [entry.operation, entry.parameters.errorKind]);
    expect(audit).toContainEqual(['ExecutionFinished', 'Crashed']);
    expect(audit.filter(([operation]) => operation === 'ExecutionStarted')).toHaveLength(1);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (condition()) return;
    } catch {
      // The state file is being renamed over; read it again.
    }
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
