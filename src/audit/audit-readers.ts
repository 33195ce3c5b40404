import type { Policy } from '../domain/policy/policy';
import type { Actor } from '../domain/requests/request';

/** Who may read the audit trail in chat: the policy's auditors, or its approvers when it names none. */
export function mayReadAudit(policy: Policy, actor: Actor): boolean {
  return (policy.auditors ?? policy.approvers).includes(actor.objectId);
}
