import { UserError } from '../errors';
import { msg } from '../../i18n/message';
import type { Operation, Risk } from '../operations/operation';
import type { Actor, VoiceRequest } from '../requests/request';
import { StaticGroupDirectory, type GroupDirectory } from './group-directory';
import { DEFAULT_EXPIRY_HOURS, DEFAULT_REMINDER_MINUTES, type PeopleRule, type Policy, type Principal } from './policy';

/** How a person sees a request's card: approvers get Approve / Reject, the requester Cancel, others the status. */
export type Viewer = 'approver' | 'requester' | 'observer';

interface ResolvedRule {
  requesters: Principal[];
  approvers: Principal[];
  approvalsRequired: number;
  expiryHours: number;
}

/** Teams caps refresh.userIds at 60 people. */
export const MAX_REFRESH_USERS = 60;

/** Decisions about people, from the policy file and the group directory. */
export class ApprovalPolicy {
  constructor(
    private readonly policy: Policy,
    private readonly directory: GroupDirectory = new StaticGroupDirectory(policy.groups),
  ) {}

  /** Operation rule over tier rule over the top level, field by field. */
  private rule(operation: Pick<Operation, 'name' | 'risk'>): ResolvedRule {
    const layers: PeopleRule[] = [this.policy.tiers?.[operation.risk] ?? {}, this.policy.operations?.[operation.name] ?? {}];
    const pick = <K extends keyof PeopleRule>(key: K, fallback: NonNullable<PeopleRule[K]>): NonNullable<PeopleRule[K]> =>
      layers.reduce<NonNullable<PeopleRule[K]>>((value, layer) => (layer[key] ?? value) as NonNullable<PeopleRule[K]>, fallback);
    return {
      requesters: pick('requesters', this.policy.requesters),
      approvers: pick('approvers', this.policy.approvers),
      approvalsRequired: pick('approvalsRequired', this.policy.approvalsRequired[operation.risk]),
      expiryHours: pick('expiryHours', this.policy.expiryHours?.[operation.risk] ?? DEFAULT_EXPIRY_HOURS),
    };
  }

  requiredApprovals(operation: Pick<Operation, 'name' | 'risk'>): number {
    return operation.risk === 'read' ? 0 : Math.max(1, this.rule(operation).approvalsRequired);
  }

  expiryMs(operation: Pick<Operation, 'name' | 'risk'>): number {
    return this.rule(operation).expiryHours * 3_600_000;
  }

  /** 0 means no reminders. */
  reminderLeadMs(): number {
    return (this.policy.reminderMinutesBeforeExpiry ?? DEFAULT_REMINDER_MINUTES) * 60_000;
  }

  approvalConversation(originConversationId: string): string {
    return this.policy.approvalConversationId ?? originConversationId;
  }

  /** Requesters and approvers may file (and run read-only) requests of the operation. */
  async mayRequest(actor: Actor, operation: Pick<Operation, 'name' | 'risk'>): Promise<boolean> {
    const rule = this.rule(operation);
    return this.anyMatch(actor, [...rule.requesters, ...rule.approvers]);
  }

  async assertMayRequest(actor: Actor, operation: Operation): Promise<void> {
    if (!(await this.mayRequest(actor, operation))) {
      throw new UserError(
        'NOT_AUTHORIZED',
        msg('error.notRequesterList', { command: operation.syntax.phrase, objectId: actor.objectId }),
      );
    }
  }

  /** True for anyone the policy names anywhere: they may look requests up. */
  async mayView(actor: Actor, operations: readonly Operation[]): Promise<boolean> {
    for (const operation of operations) {
      if (await this.mayRequest(actor, operation)) return true;
    }
    return false;
  }

  async isApprover(actor: Actor, operation: Pick<Operation, 'name' | 'risk'>): Promise<boolean> {
    return this.anyMatch(actor, this.rule(operation).approvers);
  }

  /** Throws the specific reason when this person may not decide on this request. */
  async assertMayDecide(actor: Actor, request: VoiceRequest, operation: Operation): Promise<void> {
    if (actor.objectId === request.requester.objectId) {
      throw new UserError(
        'SELF_APPROVAL',
        msg('error.selfApproval', { id: request.id }),
      );
    }
    if (request.targetObjectId && actor.objectId === request.targetObjectId) {
      throw new UserError(
        'TARGET_APPROVAL',
        msg('error.targetApproval', { id: request.id }),
      );
    }
    if (!(await this.isApprover(actor, operation))) {
      throw new UserError('NOT_APPROVER', msg('error.notApprover', { id: request.id }));
    }
  }

  async viewerOf(actor: Actor, request: VoiceRequest, operation: Operation): Promise<Viewer> {
    if (actor.objectId === request.requester.objectId) return 'requester';
    if (request.targetObjectId && actor.objectId === request.targetObjectId) return 'observer';
    return (await this.isApprover(actor, operation)) ? 'approver' : 'observer';
  }

  /**
   * The people whose Teams clients refresh the card into their own view. `complete` is false when the
   * approvers cannot all be listed (Graph groups, or more than Teams' 60): the shared card then carries the
   * decision buttons itself, and the server still checks every click.
   */
  audience(request: VoiceRequest, operation: Operation): { objectIds: string[]; complete: boolean } {
    const ids = new Set<string>([request.requester.objectId]);
    let complete = true;
    for (const principal of this.rule(operation).approvers) {
      const group = groupIdOf(principal);
      if (!group) {
        ids.add(principal);
        continue;
      }
      const members = this.directory.members(group);
      if (members) members.forEach((m) => ids.add(m));
      else complete = false;
    }
    const objectIds = [...ids].slice(0, MAX_REFRESH_USERS);
    return { objectIds, complete: complete && ids.size <= MAX_REFRESH_USERS };
  }

  private async anyMatch(actor: Actor, principals: readonly Principal[]): Promise<boolean> {
    if (principals.includes(actor.objectId)) return true;
    for (const principal of principals) {
      const group = groupIdOf(principal);
      if (!group) continue;
      try {
        if (await this.directory.isMember(actor.objectId, group)) return true;
      } catch {
        // Fail closed: an unanswered membership question is a no, and the person hears why.
        throw new UserError('DIRECTORY_UNAVAILABLE', msg('error.directoryUnavailable'));
      }
    }
    return false;
  }
}

function groupIdOf(principal: Principal): string | undefined {
  return principal.startsWith('group:') ? principal.slice('group:'.length) : undefined;
}

export type { Risk };
