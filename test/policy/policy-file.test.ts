import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { checkVoice } from '../../src/domain/operations/check-voice';
import { enableVoice } from '../../src/domain/operations/enable-voice';
import type { Operation } from '../../src/domain/operations/operation';
import { ApprovalPolicy } from '../../src/domain/policy/approval-policy';
import { FetchGraphClient, GraphGroupDirectory } from '../../src/domain/policy/graph-group-directory';
import { parsePolicy, PolicyError } from '../../src/domain/policy/load-policy';
import { groupIdsOf, POLICY_SCHEMA } from '../../src/domain/policy/policy';

const ROOT = join(__dirname, '..', '..');
const tenantChange: Operation = { ...enableVoice, name: 'set-tenant-dial-plan', risk: 'tenant-change' };
const A = { objectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan' };
const B = { objectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele' };
const E = { objectId: 'eeeeeeee-0000-4000-8000-00000000000e', name: 'Nestor' };
const D = { objectId: 'dddddddd-0000-4000-8000-00000000000d', name: 'Diego' };

describe('the policy file', () => {
  test('the shipped dev and example policies are valid', () => {
    for (const file of ['policy.dev.json', 'policy.example.json']) {
      expect(() => parsePolicy(readFileSync(join(ROOT, 'config', file), 'utf8'), file)).not.toThrow();
    }
  });

  test('an error names the file, the line and the bad field', () => {
    const text = ['{', '  "requesters": ["a"],', '  "approvers": ["b"],', '  "approvalsRequired": { "read": 0, "user-change": 0, "tenant-change": 2 },', '  "expiryHours": { "user-change": -1 }', '}'].join('\n');
    let message = '';
    try {
      parsePolicy(text, 'policy.json');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      message = (error as Error).message;
    }
    expect(message).toContain('policy.json:4 /approvalsRequired/user-change must be >= 1');
    expect(message).toContain('policy.json:5 /expiryHours/user-change must be > 0');
  });

  test('a misspelt section and a malformed principal are refused', () => {
    const base = { requesters: ['a'], approvers: ['b'], approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 } };
    expect(() => parsePolicy(JSON.stringify({ ...base, approver: ['x'] }), 'p')).toThrow(/additional properties \(approver\)/);
    expect(() => parsePolicy(JSON.stringify({ ...base, approvers: ['group:'] }), 'p')).toThrow(/approvers\/0 must match pattern/);
  });

  test('operation rule over tier rule over the top level; static groups; expiry per tier', async () => {
    const policy = new ApprovalPolicy(parsePolicy(readFileSync(join(ROOT, 'config', 'policy.example.json'), 'utf8')));
    expect(policy.requiredApprovals(enableVoice)).toBe(1);
    expect(policy.requiredApprovals(tenantChange)).toBe(2);
    expect(policy.requiredApprovals(checkVoice)).toBe(0);
    expect(policy.expiryMs(enableVoice)).toBe(48 * 3_600_000);
    expect(policy.expiryMs(tenantChange)).toBe(8 * 3_600_000);
    expect(await policy.isApprover(B, enableVoice)).toBe(true);
    expect(await policy.isApprover(A, enableVoice)).toBe(true); // through group …bb
    expect(await policy.isApprover(A, tenantChange)).toBe(false); // the tier names only group …cc
    expect(await policy.isApprover(E, tenantChange)).toBe(true);
    await expect(policy.assertMayRequest(D, enableVoice)).resolves.toBeUndefined();
    await expect(policy.assertMayRequest(E, enableVoice)).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
  });

  test('every group the policy names is asked of Graph', () => {
    const file = parsePolicy(readFileSync(join(ROOT, 'config', 'policy.example.json'), 'utf8'));
    expect(groupIdsOf(file).sort()).toEqual(['5f1c2a8e-0000-4000-8000-0000000000aa', '5f1c2a8e-0000-4000-8000-0000000000bb', '5f1c2a8e-0000-4000-8000-0000000000cc']);
  });
});

describe('group membership through Microsoft Graph', () => {
  let server: Server;
  let url = '';
  const calls: { path: string; body: any; auth: string }[] = [];
  let failing = false;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls.push({ path: req.url ?? '', body: JSON.parse(body || '{}'), auth: String(req.headers.authorization) });
        if (failing) {
          res.statusCode = 503;
          res.end();
          return;
        }
        const member = req.url?.includes(A.objectId) ? ['approvers-group'] : [];
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ value: member }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('members count, others do not, answers are cached, and an unreachable Graph fails closed', async () => {
    let clock = 0;
    const directory = new GraphGroupDirectory(new FetchGraphClient(url, async () => 'token-1'), {
      knownGroupIds: ['approvers-group'],
      now: () => clock,
    });
    const policy = new ApprovalPolicy(
      parsePolicy(JSON.stringify({ requesters: [D.objectId], approvers: ['group:approvers-group'], approvalsRequired: { read: 0, 'user-change': 1, 'tenant-change': 2 } })),
      directory,
    );
    expect(await policy.isApprover(A, enableVoice)).toBe(true);
    expect(await policy.isApprover(A, enableVoice)).toBe(true);
    expect(await policy.isApprover(B, enableVoice)).toBe(false);
    expect(calls.map((c) => c.path)).toEqual([`/v1.0/users/${A.objectId}/checkMemberGroups`, `/v1.0/users/${B.objectId}/checkMemberGroups`]);
    expect(calls[0]).toMatchObject({ body: { groupIds: ['approvers-group'] }, auth: 'Bearer token-1' });
    // Graph groups cannot be listed for refresh.userIds: the shared card keeps its buttons.
    expect(policy.audience({ requester: D } as never, enableVoice).complete).toBe(false);
    failing = true;
    clock += 10 * 60_000;
    await expect(policy.isApprover(A, enableVoice)).rejects.toMatchObject({ code: 'DIRECTORY_UNAVAILABLE' });
  });
});

describe('docs/policy.schema.json', () => {
  test('is the schema the bot validates with, so editors check the same rules', () => {
    const { $schema, title, ...published } = JSON.parse(readFileSync(join(ROOT, 'docs', 'policy.schema.json'), 'utf8'));
    expect([$schema, title]).toEqual(['http://json-schema.org/draft-07/schema#', 'voiceops approval policy']);
    expect(published).toEqual(JSON.parse(JSON.stringify(POLICY_SCHEMA)));
  });
});
