import type { Risk } from '../operations/operation';
import type { Policy } from './policy';

/**
 * Problems the schema cannot see: a tier whose approval count some requester can never reach, because nobody
 * approves their own request. Such a policy loads fine and then blocks every request of that tier.
 */
export function unreachableApprovals(policy: Policy): string[] {
  const problems: string[] = [];
  for (const [tier, needed] of Object.entries(policy.approvalsRequired) as [Risk, number][]) {
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
