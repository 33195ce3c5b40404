import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModulesDir, PowerShellSessionPool, resolvePwshPath, seedTenantStatePath } from '../../../src/adapters/powershell';
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store';
import { ResultAnnouncer } from '../../../src/bot/result-announcer';
import { ExecutionRunner } from '../../../src/bot/execution-runner';
import type { Messenger } from '../../../src/bot/messenger';
import { RequestNotifier } from '../../../src/bot/request-notifier';
import type { Turn } from '../../../src/bot/turn';
import { decideAction } from '../../../src/card-actions/decide-action';
import { DecisionFlow } from '../../../src/card-actions/decision-flow';
import { InvokeMemo } from '../../../src/card-actions/invoke-memo';
import type { AdaptiveCard } from '../../../src/cards/render-card';
import { decideCommand } from '../../../src/commands/decide-command';
import { isUserError } from '../../../src/domain/errors';
import { allowedCommands } from '../../../src/domain/operations/catalog';
import { enableVoice } from '../../../src/domain/operations/enable-voice';
import { ApprovalPolicy } from '../../../src/domain/policy/approval-policy';
import type { Policy } from '../../../src/domain/policy/policy';
import type { Actor, VoiceRequest } from '../../../src/domain/requests/request';
import { type Decision, RequestService } from '../../../src/domain/requests/request-service';
import { Translator } from '../../../src/i18n/translator';
import { silentLogger } from '../../../src/logging/logger';

const EN = new Translator('en');

export const TENANT = '72f988bf-0000-4000-8000-00000000c0de';
export const ORIGIN = '19:voice-admins@thread.tacv2';

/** People of these tests; Alice is also the target user of every request (her tenant object id). */
export const REQUESTER: Actor = { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' };
export const APPROVER_1: Actor = { objectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele Vance' };
export const APPROVER_2: Actor = { objectId: 'cccccccc-0000-4000-8000-00000000000c', name: 'Lee Gu' };
export const APPROVER_3: Actor = { objectId: 'eeeeeeee-0000-4000-8000-00000000000e', name: 'Nestor Wilke' };
export const OUTSIDER: Actor = { objectId: 'dddddddd-0000-4000-8000-00000000000d', name: 'Diego Siciliani' };
export const ALICE: Actor = { objectId: '01122ddf-6856-4fa7-8b36-3cd7503062fd', name: 'Alice' };

export const POLICY: Policy = {
  requesters: [REQUESTER.objectId, OUTSIDER.objectId],
  approvers: [REQUESTER.objectId, APPROVER_1.objectId, APPROVER_2.objectId, APPROVER_3.objectId, ALICE.objectId],
  approvalsRequired: { read: 0, 'user-change': 2, 'tenant-change': 2 },
  expiryHours: { 'user-change': 24 },
  reminderMinutesBeforeExpiry: 60,
};

/** Records what would have gone to Teams: the Messenger port, kept in memory. */
export class RecordingMessenger implements Messenger {
  readonly sent: { conversationId: string; text: string; card?: AdaptiveCard; id: string }[] = [];
  readonly updated: { conversationId: string; activityId: string; card: AdaptiveCard }[] = [];

  /** Sends to these conversations fail, as a connector outage would. */
  readonly failing = new Set<string>();

  async send(conversationId: string, text: string, card?: AdaptiveCard): Promise<string> {
    if (this.failing.has(conversationId)) throw new Error(`connector refused a send to ${conversationId}`);
    const id = `activity-${this.sent.length + 1}`;
    this.sent.push({ conversationId, text, card, id });
    return id;
  }

  async updateCard(conversationId: string, activityId: string, card: AdaptiveCard): Promise<void> {
    this.updated.push({ conversationId, activityId, card });
  }
}

/** A movable clock: tests jump it instead of waiting. */
export class TestClock {
  constructor(private current = Date.parse('2026-03-02T09:00:00.000Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current += ms;
  }
  set(iso: string): void {
    this.current = Date.parse(iso);
  }
}

export interface DecisionAnswer {
  ok: boolean;
  code?: string;
  text: string;
}

/** One way of deciding: the card button (Action.Execute invoke) or its typed twin. */
export interface DecisionPath {
  name: 'button' | 'text';
  decide(actor: Actor, request: VoiceRequest, decision: Decision, comment?: string): Promise<DecisionAnswer>;
}

/**
 * The real parts behind approvals: a SQLite file, pwsh on a scratch copy of the simulated tenant,
 * the request service with a movable clock, and the decision flow that buttons and text twins share.
 */
export class ApprovalWorld {
  readonly dir = mkdtempSync(join(tmpdir(), 'voiceops-policy-'));
  readonly clock = new TestClock();
  readonly messenger = new RecordingMessenger();
  store!: SqliteStore;
  pool!: PowerShellSessionPool;
  policy!: ApprovalPolicy;
  requests!: RequestService;
  notifier!: RequestNotifier;
  runner!: ExecutionRunner;
  flow!: DecisionFlow;
  memo!: InvokeMemo;

  constructor(readonly policyFile: Policy = POLICY) {}

  get databasePath(): string {
    return join(this.dir, 'voiceops.sqlite');
  }

  get tenantPath(): string {
    return join(this.dir, 'tenant.json');
  }

  async start(options: { freshTenant?: boolean } = {}): Promise<this> {
    if (options.freshTenant !== false) {
      // A fresh world: the seed tenant and an empty database (a restart keeps both).
      writeFileSync(this.tenantPath, readFileSync(seedTenantStatePath(findModulesDir())));
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${this.databasePath}${suffix}`, { force: true });
    }
    const pwshPath = resolvePwshPath(process.env);
    if (!pwshPath) throw new Error('pwsh not found: run scripts/install-pwsh.sh or set VOICEOPS_PWSH');
    this.pool ??= new PowerShellSessionPool({
      pwshPath,
      tenantStatePath: this.tenantPath,
      size: 1,
      defaultTimeoutMs: 30_000,
      allowedCommands: allowedCommands(),
    });
    this.store = new SqliteStore(this.databasePath, this.clock.now);
    this.policy = new ApprovalPolicy(this.policyFile);
    this.requests = new RequestService({ store: this.store, executor: this.pool, policy: this.policy, tenantId: TENANT, now: this.clock.now });
    this.notifier = new RequestNotifier({ store: this.store, messenger: this.messenger, requests: this.requests, policy: this.policy });
    const announcements = new ResultAnnouncer({ outbox: this.store, store: this.store, notifier: this.notifier, logger: silentLogger });
    this.runner = new ExecutionRunner({ requests: this.requests, notifier: this.notifier, announcements, logger: silentLogger });
    this.flow = new DecisionFlow({ requests: this.requests, notifier: this.notifier, runner: this.runner, announcements });
    this.memo = new InvokeMemo({ now: () => this.clock.now().getTime() });
    return this;
  }

  /** Closes the store as a stopping bot would; start() again opens the same file (a restart). */
  async restart(): Promise<void> {
    await this.runner.drain();
    await this.store.close();
    await this.start({ freshTenant: false });
  }

  async stop(): Promise<void> {
    await this.runner?.drain();
    await this.store?.close();
    await this.pool?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async file(upn = 'alice@contoso.com', number = '+14255550100'): Promise<VoiceRequest> {
    const outcome = await this.requests.file(REQUESTER, enableVoice, { user: upn, number }, ORIGIN);
    if (outcome.kind !== 'filed') throw new Error(`expected a filed request, got ${outcome.kind}`);
    await this.notifier.postApprovalCard(outcome.request);
    return outcome.request;
  }

  async state(id: number): Promise<string | undefined> {
    return (await this.store.getRequest(id))?.state;
  }

  async auditOperations(): Promise<string[]> {
    return (await this.store.auditRecords()).map((r) => r.operation);
  }

  readonly button: DecisionPath = {
    name: 'button',
    decide: async (actor, request, decision, comment) => {
      const handler = this.memo.wrap(decision, decideAction(decision, this.flow, this.notifier, this.requests));
      try {
        const result = await handler(actor, { requestId: request.id, nonce: request.nonce, ...(comment ? { comment } : {}) }, { conversationId: ORIGIN, t: EN });
        return { ok: true, text: 'card' in result ? JSON.stringify(result.card) : result.message };
      } catch (error) {
        if (!isUserError(error)) throw error;
        return { ok: false, code: error.code, text: error.message };
      }
    },
  };

  readonly text: DecisionPath = {
    name: 'text',
    decide: async (actor, request, decision, comment) => {
      const replies: string[] = [];
      const turn: Turn = { actor, conversationId: ORIGIN, t: EN, reply: async (t) => (replies.push(t), undefined) };
      try {
        await decideCommand(decision, this.flow)(turn, { request: request.id, ...(comment ? { reason: comment } : {}) });
        return { ok: true, text: replies.join('\n') };
      } catch (error) {
        if (!isUserError(error)) throw error;
        return { ok: false, code: error.code, text: error.message };
      }
    },
  };
}
