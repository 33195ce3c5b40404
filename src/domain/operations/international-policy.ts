import type { Operation, OperationParameters, StateRow } from './operation';
import { asRecord, psLiteral, voicePathOf } from './operation';

/** The per-user voice routing policies the international commands grant; Global removes the per-user one. */
export type InternationalPolicy = 'InternationalCallsAllowed' | 'InternationalCallsDisallowed' | 'Global';

interface RoutingState {
  PolicyProperty: string;
  PolicyName: string;
  ObjectId: string;
}

function asRoutingState(output: unknown): RoutingState {
  const record = asRecord(output, 'Get-VoiceOpsVoiceRoutingState');
  return { PolicyProperty: String(record.PolicyProperty ?? 'VoiceRoutingPolicy'), PolicyName: String(record.PolicyName ?? ''), ObjectId: String(record.ObjectId ?? '') };
}

const shownPolicy = (name: string) => (name === '' ? '(global)' : name);
const assignedName = (policy: InternationalPolicy) => (policy === 'Global' ? '' : policy);

/** The operation that puts a user back on the policy they had, if it is one the bot grants. */
const RESTORE_BY_POLICY: Record<string, string> = {
  '': 'reset-international',
  InternationalCallsAllowed: 'allow-international',
  InternationalCallsDisallowed: 'block-international',
};

/** One of block / allow / reset international: Grant-CsVoiceRoutingPolicy, or Grant-CsOnlineVoiceRoutingPolicy on the modern path. */
export function internationalOperation(spec: { name: string; phrase: string; policy: InternationalPolicy; summary: string }): Operation {
  const rows = (state: RoutingState): StateRow[] => [
    { property: state.PolicyProperty, current: shownPolicy(state.PolicyName), proposed: shownPolicy(assignedName(spec.policy)) },
  ];
  const cmdlet = (params: OperationParameters) => (voicePathOf(params) === 'modern' ? 'Grant-CsOnlineVoiceRoutingPolicy' : 'Grant-CsVoiceRoutingPolicy');
  return {
    name: spec.name,
    syntax: {
      name: spec.name,
      phrase: spec.phrase,
      args: [{ name: 'user', type: 'upn', required: true, label: 'the user (their UPN)' }],
      summary: spec.summary,
      example: `${spec.phrase} alice@contoso.com`,
    },
    risk: 'user-change',
    target: 'teams',
    functions: ['Get-VoiceOpsVoiceRoutingState', 'Grant-VoiceOpsVoiceRoutingPolicy'],
    usesVoicePath: true,
    targetUser: (params) => String(params.user),
    readState: (params) => ({ command: 'Get-VoiceOpsVoiceRoutingState', arguments: { Identity: String(params.user), VoicePath: voicePathOf(params) } }),
    change: (params) => ({
      command: 'Grant-VoiceOpsVoiceRoutingPolicy',
      arguments: { Identity: String(params.user), PolicyName: spec.policy, VoicePath: voicePathOf(params) },
    }),
    preview: (params) =>
      `${cmdlet(params)} -Identity ${psLiteral(String(params.user))} -PolicyName ${spec.policy === 'Global' ? '$null' : psLiteral(spec.policy)}`,
    compare: (state) => rows(asRoutingState(state)),
    verify: (state) => {
      const after = asRoutingState(state);
      const verified = after.PolicyName === assignedName(spec.policy);
      return { verified, mismatches: verified ? [] : [after.PolicyProperty] };
    },
    undo: (prior, params) => {
      const restore = RESTORE_BY_POLICY[asRoutingState(prior).PolicyName];
      return restore ? { operation: restore, parameters: { user: String(params.user) } } : undefined;
    },
  };
}

