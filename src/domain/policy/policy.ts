import type { Risk } from '../operations/operation';

/** Who may ask for changes, who may approve them, and how many approvals each risk tier needs. */
export interface Policy {
  /** Entra object ids allowed to file requests and run read-only checks. */
  requesters: string[];
  /** Entra object ids allowed to approve or reject. */
  approvers: string[];
  approvalsRequired: Record<Risk, number>;
  /** Conversation that receives approval cards; defaults to the conversation the request came from. */
  approvalConversationId?: string;
  /** Entra object ids allowed to read the audit trail in chat; when absent, the approvers may. */
  auditors?: string[];
}

export const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['requesters', 'approvers', 'approvalsRequired'],
  properties: {
    $schema: { type: 'string' },
    requesters: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    approvers: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
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
    approvalConversationId: { type: 'string', minLength: 1 },
    auditors: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
  },
} as const;
