import type { Operation, StateRow } from '../domain/operations/operation';
import type { RequestState, Vote, VoiceRequest } from '../domain/requests/request';
import { renderCard, type AdaptiveCard } from './render-card';

const STATE_TEXT: Record<RequestState, { text: string; color: string }> = {
  pending: { text: 'Waiting for approval', color: 'Warning' },
  approved: { text: 'Approved, starting', color: 'Accent' },
  queued: { text: 'Approved, queued', color: 'Accent' },
  running: { text: 'Approved, running', color: 'Accent' },
  succeeded: { text: 'Succeeded and verified', color: 'Good' },
  failed: { text: 'Failed', color: 'Attention' },
  unknown: { text: 'Outcome unknown, being reconciled', color: 'Attention' },
  rejected: { text: 'Rejected', color: 'Attention' },
  expired: { text: 'Expired without approval', color: 'Attention' },
  cancelled: { text: 'Cancelled by the requester', color: 'Default' },
};

export function stateLabel(state: RequestState): string {
  return STATE_TEXT[state].text;
}

export function stateColor(state: RequestState): string {
  return STATE_TEXT[state].color;
}

/** One line a phone can show: "#7 enable voice alice@contoso.com: Waiting for approval (0 of 1)". */
export function requestSummary(request: VoiceRequest, operation: Operation, approvals?: number): string {
  const progress = request.state === 'pending' && approvals !== undefined ? ` (${approvals} of ${request.approvalsRequired} approvals)` : '';
  return `#${request.id} ${operation.syntax.phrase} ${operation.targetUser(request.parameters) ?? ''}: ${stateLabel(request.state)}${progress}`;
}

function decisionsText(votes: Vote[]): string {
  return votes
    .map((v) => `${v.decision === 'approve' ? 'Approved' : 'Rejected'} by ${v.approver.name}${v.comment ? `: ${v.comment}` : ''}`)
    .join('\n\n');
}

function rowsFor(request: VoiceRequest): { rows: StateRow[]; heading: string } {
  if (request.result) return { rows: request.result.after, heading: 'Before → after (read back from the tenant)' };
  return { rows: request.before, heading: 'Current → after the change' };
}

/**
 * The request card: the same view for the requester's copy and the approvers' copy; decision buttons
 * only while the request is pending and only on the approvers' copy.
 */
export function requestCard(
  request: VoiceRequest,
  operation: Operation,
  votes: Vote[],
  options: { forApprovers: boolean },
): AdaptiveCard {
  const approvals = votes.filter((v) => v.decision === 'approve').length;
  const { rows, heading } = rowsFor(request);
  const beforeByProperty = new Map(request.before.map((r) => [r.property, r.current]));
  const status = STATE_TEXT[request.state];
  const statusText =
    request.state === 'pending' ? `${status.text} (${approvals} of ${request.approvalsRequired})` : status.text;
  return renderCard('request-card', {
    title: `Request #${request.id}: ${operation.syntax.phrase} ${operation.targetUser(request.parameters) ?? ''}`,
    statusText,
    statusColor: status.color,
    facts: [
      { name: 'Requested by', value: request.requester.name },
      { name: 'Requested at', value: `${request.createdAt.replace('T', ' ').slice(0, 16)} UTC` },
      { name: 'Approvals needed', value: String(request.approvalsRequired) },
    ],
    changeHeading: heading,
    rows: rows.map((r) => ({
      property: r.property,
      current: request.result ? (beforeByProperty.get(r.property) ?? r.current) : r.current,
      proposed: r.proposed,
      emphasis: r.current !== r.proposed || request.result ? 'Bolder' : 'Default',
    })),
    commandHeading: 'Command that runs',
    command: request.preview,
    resultText: request.result ? request.result.message : '',
    decisionsText: decisionsText(votes),
    footnote: options.forApprovers && request.state === 'pending'
      ? `On mobile you can also type approve ${request.id} or reject ${request.id} <reason>.`
      : `Type status ${request.id} for the latest state.`,
    showDecisionActions: options.forApprovers && request.state === 'pending',
    requestId: request.id,
    nonce: request.nonce,
    fallbackText: `${requestSummary(request, operation, approvals)}. ${request.preview}`,
  });
}
