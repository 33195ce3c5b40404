import type { Operation, StateRow } from '../domain/operations/operation';
import type { Viewer } from '../domain/policy/approval-policy';
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
  return `#${request.id} ${operation.syntax.phrase} ${subjectText(request, operation)}: ${stateLabel(request.state)}${progress}`;
}

/** Who or what the request is about: the user, or for tenant-wide and bulk requests what they change. */
function subjectText(request: VoiceRequest, operation: Operation): string {
  return String(operation.targetUser(request.parameters) ?? operation.subject?.(request.parameters) ?? '');
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

/** Whose card this is: each viewer's own view, or the shared copy posted in a conversation. */
export type CardView = Viewer | 'shared';

export interface CardOptions {
  view: CardView;
  /** The people whose Teams clients refresh the shared card into their own view (see ApprovalPolicy.audience). */
  audience?: { objectIds: string[]; complete: boolean };
  /** While a long request runs (bulk): how far it has got, shown where the result will be. */
  progress?: string;
}

/** Teams user ids for refresh.userIds: the MRI of an Entra user in the bot's own tenant. */
export function teamsUserId(objectId: string): string {
  return `8:orgid:${objectId}`;
}

function utc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}

/**
 * The request card. Every view shows the same facts (state, who asked, current → proposed, the exact
 * command); they differ only in the buttons: approvers get Approve / Reject with a reason box, the
 * requester gets Cancel, everyone else the status. While the request is pending, the card asks Teams
 * to refresh it per viewer (Universal Actions); once it is final, everybody sees the same card.
 */
export function requestCard(request: VoiceRequest, operation: Operation, votes: Vote[], options: CardOptions): AdaptiveCard {
  const approvals = countedApprovals(request, votes);
  const { rows, heading } = rowsFor(request);
  const beforeByProperty = new Map(request.before.map((r) => [r.property, r.current]));
  const status = STATE_TEXT[request.state];
  const pending = request.state === 'pending';
  const statusText = pending ? `${status.text} (${approvals} of ${request.approvalsRequired})` : status.text;
  const audience = options.audience ?? { objectIds: [], complete: true };
  const showDecisionActions = pending && (options.view === 'approver' || (options.view === 'shared' && !audience.complete));
  const showCancelAction = pending && options.view === 'requester';
  return renderCard('request-card', {
    title: `Request #${request.id}: ${operation.syntax.phrase} ${subjectText(request, operation)}`,
    statusText,
    statusColor: status.color,
    facts: [
      { name: 'Requested by', value: request.requester.name },
      { name: 'Requested at', value: utc(request.createdAt) },
      { name: 'Approvals needed', value: String(request.approvalsRequired) },
      { name: pending ? 'Expires' : 'Expiry was', value: utc(request.expiresAt) },
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
    resultText: resultText(request, options.progress),
    decisionsText: decisionsText(votes.filter((v) => v.decision === 'reject' || v.requestHash === request.requestHash)),
    footnote: footnote(request, options.view, showDecisionActions),
    showDecisionActions,
    showCancelAction,
    showRefresh: pending && audience.objectIds.length > 0,
    refreshUserIds: audience.objectIds.map(teamsUserId),
    requestId: request.id,
    nonce: request.nonce,
    fallbackText: `${requestSummary(request, operation, approvals)}. ${request.preview}. ${footnote(request, options.view, showDecisionActions)}`,
  });
}

/** Approvals that count: cast on the request as it is now (see Vote.requestHash). */
export function countedApprovals(request: VoiceRequest, votes: Vote[]): number {
  return votes.filter((v) => v.decision === 'approve' && v.requestHash === request.requestHash).length;
}

function resultText(request: VoiceRequest, progress?: string): string {
  if (request.result) return request.result.message;
  if (progress && request.state === 'running') return progress;
  if (request.state === 'expired') return `Nobody approved it before ${utc(request.expiresAt)}, so it closed and nothing ran.`;
  if (request.state === 'cancelled') return `${request.requester.name} cancelled it; nothing ran.`;
  return '';
}

function footnote(request: VoiceRequest, view: CardView, decisionButtons: boolean): string {
  if (request.state !== 'pending') return `Type status ${request.id} for the latest state.`;
  if (decisionButtons) return `On mobile you can also type approve ${request.id} or reject ${request.id} <reason>.`;
  if (view === 'requester') return `You can cancel it here or type cancel ${request.id}.`;
  return `Approvers see Approve and Reject here, or type approve ${request.id} or reject ${request.id} <reason>.`;
}
