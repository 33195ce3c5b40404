import type { Risk } from '../operations/operation';

/**
 * A principal in the policy: an Entra object id (`aaaaaaaa-…`) or a group (`group:<Entra group object id>`).
 * Group membership comes from Microsoft Graph when configured, else from the policy's `groups` lists.
 */
export type Principal = string;

/** Who may ask and who may approve; set at the top level, per risk tier, or per operation (most specific wins). */
export interface PeopleRule {
  requesters?: Principal[];
  approvers?: Principal[];
  approvalsRequired?: number;
  /** How long a request waits for approval before it closes as expired. */
  expiryHours?: number;
}

/** The policy file. */
export interface Policy {
  requesters: Principal[];
  approvers: Principal[];
  approvalsRequired: Record<Risk, number>;
  /** Expiry per risk tier, in hours (default 24 for every tier). */
  expiryHours?: Partial<Record<Risk, number>>;
  /** Approvers are reminded this long before a pending request expires (default 60; 0 turns reminders off). */
  reminderMinutesBeforeExpiry?: number;
  tiers?: Partial<Record<Risk, PeopleRule>>;
  operations?: Record<string, PeopleRule>;
  /** Static group membership (`group:<id>` → member object ids), used when Microsoft Graph is not configured. */
  groups?: Record<string, string[]>;
  /** Conversation that receives approval cards; defaults to the conversation the request came from. */
  approvalConversationId?: string;
}

export const DEFAULT_EXPIRY_HOURS = 24;
export const DEFAULT_REMINDER_MINUTES = 60;

const PRINCIPAL = {
  type: 'string',
  pattern: '^(group:)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}$',
} as const;
const PRINCIPALS = { type: 'array', minItems: 1, uniqueItems: true, items: PRINCIPAL } as const;
const EXPIRY = { type: 'number', exclusiveMinimum: 0, maximum: 720 } as const;
const RULE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requesters: PRINCIPALS,
    approvers: PRINCIPALS,
    approvalsRequired: { type: 'integer', minimum: 0, maximum: 10 },
    expiryHours: EXPIRY,
  },
} as const;
const PER_TIER = <T>(value: T) => ({
  type: 'object',
  additionalProperties: false,
  properties: { read: value, 'user-change': value, 'tenant-change': value },
});

export const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['requesters', 'approvers', 'approvalsRequired'],
  properties: {
    $schema: { type: 'string' },
    requesters: PRINCIPALS,
    approvers: PRINCIPALS,
    approvalsRequired: {
      type: 'object',
      additionalProperties: false,
      required: ['read', 'user-change', 'tenant-change'],
      properties: {
        read: { type: 'integer', minimum: 0, maximum: 0 },
        'user-change': { type: 'integer', minimum: 1, maximum: 10 },
        'tenant-change': { type: 'integer', minimum: 1, maximum: 10 },
      },
    },
    expiryHours: PER_TIER(EXPIRY),
    reminderMinutesBeforeExpiry: { type: 'integer', minimum: 0, maximum: 1440 },
    tiers: PER_TIER(RULE),
    operations: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9-]{0,63}$' },
      additionalProperties: RULE,
    },
    groups: {
      type: 'object',
      propertyNames: { pattern: '^group:[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' },
      additionalProperties: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$' } },
    },
    approvalConversationId: { type: 'string', minLength: 1 },
  },
} as const;

/** Every group id the policy names, for Graph's checkMemberGroups. */
export function groupIdsOf(policy: Policy): string[] {
  const rules = [policy, ...Object.values(policy.tiers ?? {}), ...Object.values(policy.operations ?? {})];
  const principals = rules.flatMap((r) => [...(r?.requesters ?? []), ...(r?.approvers ?? [])]);
  return [...new Set(principals.filter((p) => p.startsWith('group:')).map((p) => p.slice('group:'.length)))];
}
