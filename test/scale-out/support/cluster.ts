import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresJobQueue } from '../../../src/adapters/postgres/job-queue';
import { PostgresStore } from '../../../src/adapters/postgres/postgres-store';
import type { VoiceRequest } from '../../../src/domain/requests/request';
import { freshDatabase } from '../../support/postgres';
import { MEGAN, type Persona } from '../../support/personas';
import { TeamsChat } from '../../support/teams-chat';
import { TeamsConnector } from '../../support/teams-connector';
import { VoiceopsProcess } from './processes';
import { type TenantShape, writeTenant } from './tenant';

export interface WorkerTiming {
  leaseMs: number;
  settleMs: number;
  /** Jobs at once; default 1, because the simulated tenant serialises changes through one lock file anyway. */
  concurrency?: number;
}

/** A cluster started before a test file's tests and stopped after them. */
export function clusterForFile(tenant: TenantShape): Cluster {
  const cluster = new Cluster();
  beforeAll(() => cluster.start(tenant), 180_000);
  afterAll(() => cluster.stop(), 60_000);
  return cluster;
}

/**
 * A scale-out deployment on this machine: one fresh PostgreSQL database, a shared simulated tenant, a local Teams
 * connector, and any number of bot replicas and workers as separate `voiceops` processes.
 */
export class Cluster {
  readonly connector = new TeamsConnector();
  readonly dir = mkdtempSync(join(tmpdir(), 'voiceops-scale-'));
  // One deployment, one audit HMAC key, as docs/scale-out.md asks: every process's own data dir, the same key.
  private readonly auditHmacKey = randomBytes(32).toString('hex');
  readonly tenantPath = join(this.dir, 'tenant.json');
  readonly processes: VoiceopsProcess[] = [];
  store!: PostgresStore;
  queue!: PostgresJobQueue;
  private database!: Awaited<ReturnType<typeof freshDatabase>>;
  private chat!: TeamsChat;

  async start(tenant: TenantShape): Promise<this> {
    writeTenant(this.tenantPath, tenant);
    this.database = await freshDatabase();
    this.store = await PostgresStore.open({ connectionString: this.database.url, poolSize: 4 });
    this.queue = new PostgresJobQueue(this.store.pool);
    this.chat = new TeamsChat(this.connector, await this.connector.start());
    return this;
  }

  private env(name: string): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: this.database.url,
      VOICEOPS_DATA_DIR: join(this.dir, name),
      VOICEOPS_AUDIT_HMAC_KEY: this.auditHmacKey,
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

  /** Megan asks through one replica; returns the request number and the nonce on its approval card. */
  file(replicaUrl: string, command: string): Promise<{ requestId: number; nonce: string }> {
    return this.chat.file(replicaUrl, command);
  }

  /** Adele clicks Approve on the card, through whichever replica the load balancer picked. */
  approve(replicaUrl: string, requestId: number, nonce: string): Promise<string> {
    return this.chat.approve(replicaUrl, requestId, nonce);
  }

  /** Someone types a command to a replica. */
  say(replicaUrl: string, who: Persona, text: string): Promise<void> {
    return this.chat.say(replicaUrl, who, text);
  }

  /** Megan clicks Cancel on her view of the card, through whichever replica. */
  cancel(replicaUrl: string, requestId: number, nonce: string): Promise<string> {
    return this.chat.cancel(replicaUrl, requestId, nonce);
  }

  /** Megan's client refreshes the card into her own view (Universal Actions, trigger automatic). */
  refreshAsRequester(replicaUrl: string, requestId: number, nonce: string): Promise<string> {
    return this.chat.click(replicaUrl, MEGAN, 'refresh', { requestId, nonce }, 'automatic');
  }

  /** The message that told the requester how a request ended (the announcement is sent just after its claim). */
  told(requestId: number, timeoutMs = 30_000): Promise<string> {
    return this.chat.told(requestId, timeoutMs);
  }

  /** Waits until every listed request is in a final state, its job done, and its outcome announced. */
  async settled(requestIds: readonly number[], timeoutMs: number): Promise<VoiceRequest[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.store.pool.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM requests r JOIN jobs j ON j.request_id = r.id
         WHERE r.id = ANY($1::bigint[]) AND r.state IN ('succeeded', 'failed', 'unknown') AND NOT r.announce_due
           AND j.state IN ('done', 'needs-human')`,
        [[...requestIds]],
      );
      if (Number(rows[0].n) === requestIds.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${requestIds.length} requests settled within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return Promise.all(requestIds.map(async (id) => (await this.store.getRequest(id))!));
  }
}
