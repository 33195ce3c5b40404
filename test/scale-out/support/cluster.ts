import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresJobQueue } from '../../../src/adapters/postgres/job-queue';
import { PostgresStore } from '../../../src/adapters/postgres/postgres-store';
import type { VoiceRequest } from '../../../src/domain/requests/request';
import { ADELE, ADMIN_CONVERSATION, MEGAN, type Persona, TENANT_ID } from '../../support/personas';
import { freshDatabase } from '../../support/postgres';
import { cardOf, TeamsConnector } from '../../support/teams-connector';
import { VoiceopsProcess } from './processes';
import { type TenantShape, writeTenant } from './tenant';

export interface WorkerTiming {
  leaseMs: number;
  settleMs: number;
  /** Jobs at once; default 1, because the simulated tenant serialises changes through one lock file anyway. */
  concurrency?: number;
}

/**
 * A scale-out deployment on this machine: one fresh PostgreSQL database, a shared simulated tenant, a local Teams
 * connector, and any number of bot replicas and workers as separate `voiceops` processes.
 */
export class Cluster {
  readonly connector = new TeamsConnector();
  readonly dir = mkdtempSync(join(tmpdir(), 'voiceops-scale-'));
  readonly tenantPath = join(this.dir, 'tenant.json');
  readonly processes: VoiceopsProcess[] = [];
  store!: PostgresStore;
  queue!: PostgresJobQueue;
  private database!: Awaited<ReturnType<typeof freshDatabase>>;
  private serviceUrl = '';
  private activityCounter = 0;

  async start(tenant: TenantShape): Promise<this> {
    writeTenant(this.tenantPath, tenant);
    this.database = await freshDatabase();
    this.store = await PostgresStore.open({ connectionString: this.database.url, poolSize: 4 });
    this.queue = new PostgresJobQueue(this.store.pool);
    this.serviceUrl = await this.connector.start();
    return this;
  }

  private env(name: string): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: this.database.url,
      VOICEOPS_DATA_DIR: join(this.dir, name),
      VOICEOPS_TENANT_STATE: this.tenantPath,
      VOICEOPS_POOL_SIZE: '2',
      PORT: '0',
      // Load through one conversation, faster than people type; rate limits and pacing have their own tests in test/security.
      VOICEOPS_USER_BURST: '10000',
      VOICEOPS_USER_PER_MINUTE: '100000',
      VOICEOPS_TENANT_BURST: '100000',
      VOICEOPS_TENANT_PER_MINUTE: '1000000',
      VOICEOPS_PACE_OUTBOUND: 'off',
    };
  }

  async replica(name: string): Promise<{ process: VoiceopsProcess; url: string }> {
    const process = new VoiceopsProcess(name, 'start', this.env(name));
    this.processes.push(process);
    return { process, url: await process.url() };
  }

  async worker(name: string, timing: WorkerTiming): Promise<VoiceopsProcess> {
    const process = new VoiceopsProcess(name, 'worker', {
      ...this.env(name),
      VOICEOPS_WORKER_ID: name,
      VOICEOPS_WORKER_TARGETS: 'teams',
      VOICEOPS_WORKER_CONCURRENCY: String(timing.concurrency ?? 1),
      VOICEOPS_LEASE_MS: String(timing.leaseMs),
      VOICEOPS_SETTLE_MS: String(timing.settleMs),
      VOICEOPS_POLL_MS: '200',
    });
    this.processes.push(process);
    await process.waitFor((l) => l.message === 'voiceops worker running');
    return process;
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.store?.close();
    await this.database?.drop();
    await this.connector.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private activity(from: Persona): Record<string, unknown> {
    return {
      id: `in-${++this.activityCounter}`,
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      recipient: { id: '28:voiceops-bot', name: 'voiceops' },
      conversation: { id: ADMIN_CONVERSATION, conversationType: 'channel', tenantId: TENANT_ID },
      channelData: { tenant: { id: TENANT_ID } },
      locale: 'en-US',
    };
  }

  private async post(replicaUrl: string, activity: Record<string, unknown>): Promise<Response> {
    const response = await fetch(`${replicaUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (response.status !== 200) throw new Error(`${replicaUrl} answered ${response.status}`);
    return response;
  }

  /** Megan asks through one replica; returns the request number and the nonce on its approval card. */
  async file(replicaUrl: string, command: string): Promise<{ requestId: number; nonce: string }> {
    const activity: Record<string, unknown> = { ...this.activity(MEGAN), type: 'message', text: command };
    await this.post(replicaUrl, activity);
    const reply = this.connector.calls.find((c) => c.method === 'POST' && c.activityId === activity.id);
    const filed = /Request #(\d+) filed/.exec(String(reply?.activity.text ?? ''));
    if (!filed) throw new Error(`"${command}" was not filed: ${String(reply?.activity.text)}`);
    const requestId = Number(filed[1]);
    // The approval card is posted in the background, just after the reply.
    const deadline = Date.now() + 60_000;
    // The shared approval card carries the request reference in its refresh action (or its buttons).
    const referenceOf = (c: Record<string, any> | undefined) => c?.refresh?.action?.data ?? c?.actions?.find((a: any) => a.data?.requestId)?.data;
    const approvalCard = () => this.connector.calls.map((c) => referenceOf(cardOf(c.activity))).find((d) => Number(d?.requestId) === requestId);
    let card = approvalCard();
    while (!card && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      card = approvalCard();
    }
    if (!card) throw new Error(`no approval card for request #${requestId}`);
    return { requestId, nonce: String(card.nonce) };
  }

  /** Adele clicks Approve on the card, through whichever replica the load balancer picked. */
  async approve(replicaUrl: string, requestId: number, nonce: string): Promise<string> {
    const response = await this.post(replicaUrl, {
      ...this.activity(ADELE),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { requestId, nonce } }, trigger: 'manual' },
    });
    const body = (await response.json()) as { body?: { type?: string; value?: unknown } } & Record<string, any>;
    return JSON.stringify(body);
  }

  /** The message that told the requester how a request ended (the announcement is sent just after its claim). */
  async told(requestId: number, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.connector.texts().find((t) => t.startsWith(`#${requestId} `));
      if (text) return text;
      if (Date.now() > deadline) throw new Error(`the requester of #${requestId} was never told`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until every listed request is in a final state and its job has been announced. */
  async settled(requestIds: readonly number[], timeoutMs: number): Promise<VoiceRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.store.pool.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM requests r JOIN jobs j ON j.request_id = r.id
         WHERE r.id = ANY($1::bigint[]) AND r.state IN ('succeeded', 'failed', 'unknown') AND j.notified_at IS NOT NULL`,
        [[...requestIds]],
      );
      if (Number(rows[0].n) === requestIds.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${requestIds.length} requests settled within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return Promise.all(requestIds.map(async (id) => (await this.store.getRequest(id))!));
  }
}
