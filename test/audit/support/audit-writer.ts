// A child process for the crash and concurrency tests: writes requests and state changes through the real
// SqliteStore, each with its audit record in the same transaction, as fast as it can.
// argv: <database> <label> <count | "forever">
import { SqliteStore } from '../../../src/adapters/sqlite/sqlite-store';
import type { AuditEntry } from '../../../src/domain/audit/audit-record';
import type { VoiceRequest } from '../../../src/domain/requests/request';

const [databasePath, label, countArg] = process.argv.slice(2);
const count = countArg === 'forever' ? Infinity : Number(countArg);

function entry(request: VoiceRequest, operation: AuditEntry['operation']): AuditEntry {
  return {
    operation,
    userId: label,
    actorObjectId: label,
    objectId: `${label}@contoso.com`,
    parameters: { request: request.id },
    resultStatus: operation === 'RequestCreated' ? 'Pending' : 'Succeeded',
    tenantId: 't',
    requestId: request.id,
    requestHash: request.requestHash,
  };
}

async function main(): Promise<void> {
  const store = new SqliteStore(databasePath);
  process.stdout.write('ready\n');
  for (let i = 0; i < count; i++) {
    const request = await store.createRequest(
      {
        operation: 'enable-voice',
        parameters: { user: `${label}@contoso.com` },
        requester: { objectId: label, name: label },
        tenantId: 't',
        targetObjectId: null,
        targetUser: `${label}@contoso.com`,
        expiresAt: '9999-12-31T23:59:59.999Z',
        requestHash: `hash-${label}-${i}`,
        nonce: 'n',
        approvalsRequired: 1,
        preview: 'p',
        before: [],
        originConversationId: 'c',
      },
      (created) => entry(created, 'RequestCreated'),
    );
    await store.transition(request.id, ['pending'], 'approved', entry(request, 'RequestApproved'));
  }
  await store.close();
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
