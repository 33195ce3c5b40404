import { UserError } from '../errors';
import type { Operation } from '../operations/operation';
import type { Actor, VoiceRequest } from '../requests/request';
import type { Policy } from './policy';

/** Decisions about people, made from the policy file alone. */
export class ApprovalPolicy {
  constructor(private readonly policy: Policy) {}

  requiredApprovals(operation: Operation): number {
    return this.policy.approvalsRequired[operation.risk];
  }

  approvalConversation(originConversationId: string): string {
    return this.policy.approvalConversationId ?? originConversationId;
  }

  assertMayRequest(actor: Actor, operation: Operation): void {
    if (!this.policy.requesters.includes(actor.objectId) && !this.policy.approvers.includes(actor.objectId)) {
      throw new UserError(
        'NOT_AUTHORIZED',
        `You are not on the requester list of the voiceops policy, so I can't run ${operation.syntax.phrase} for you. Ask a voiceops administrator to add your Entra object id (${actor.objectId}).`,
      );
    }
  }

  /** Throws the specific reason when this person may not decide on this request. */
  assertMayDecide(actor: Actor, request: VoiceRequest): void {
    if (actor.objectId === request.requester.objectId) {
      throw new UserError(
        'SELF_APPROVAL',
        `You filed request #${request.id} yourself, and nobody may approve or reject their own request. Another approver has to decide.`,
      );
    }
    if (request.targetObjectId && actor.objectId === request.targetObjectId) {
      throw new UserError(
        'TARGET_APPROVAL',
        `Request #${request.id} changes your own account, so you can't decide on it. Another approver has to.`,
      );
    }
    if (!this.policy.approvers.includes(actor.objectId)) {
      throw new UserError(
        'NOT_APPROVER',
        `You are not an approver in the voiceops policy, so you can't decide on request #${request.id}.`,
      );
    }
  }
}
