import type { Risk } from '../operations/operation';
import type { Policy } from './policy';

/**
 * Problems the schema cannot see: a tier, used by some operation, whose approval count a requester can never
 * reach, because nobody approves their own request. Such a policy loads fine and then blocks every such request.
 */
export function unreachableApprovals(policy: Policy, tiersInUse: readonly Risk[]): string[] {
  const problems: string[] = [];
  for (const tier of new Set(tiersInUse)) {
    const needed = policy.approvalsRequired[tier];
    if (needed === 0) continue;
    for (const requester of policy.requesters) {
      const others = policy.approvers.filter((approver) => approver !== requester).length;
      if (others < needed) {
        problems.push(`/approvalsRequired/${tier} needs ${needed} approval(s), but requester ${requester} has only ${others} approver(s) other than themself`);
      }
    }
  }
  return problems;
}
