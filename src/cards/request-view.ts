import type { Operation, StateRow } from '../domain/operations/operation';
import type { Viewer } from '../domain/policy/approval-policy';
import { CANCELLABLE_STATES, type RequestState, type Vote, type VoiceRequest } from '../domain/requests/request';
import type { Translator } from '../i18n/translator';
import { TENANT_DEFAULT_SITE } from '../domain/operations/pstn-site-state';
import { stateMessage } from '../i18n/state-message';
import { subjectMessage } from '../domain/requests/request-service';
import { BULK_CHANGE, isRunningBulk } from '../domain/bulk/bulk-change';
import { BULK_ROW_LABELS, RESULT_MESSAGES, recogniseStoredEnglish } from '../i18n/stored-english';
import { renderCard, type AdaptiveCard } from './render-card';

const STATE_COLOR: Record<RequestState, string> = {
  pending: 'Warning',
  approved: 'Accent',
  queued: 'Accent',
  running: 'Accent',
  succeeded: 'Good',
  failed: 'Attention',
  unknown: 'Attention',
  rejected: 'Attention',
  expired: 'Attention',
  cancelled: 'Default',
};

export function stateLabel(t: Translator, state: RequestState): string {
  return t.render(stateMessage(state));
}

export function stateColor(state: RequestState): string {
  return STATE_COLOR[state];
}

/** One line a phone can show: "#7 enable voice alice@contoso.com: Waiting for approval (0 of 1 approval)". */
export function requestSummary(t: Translator, request: VoiceRequest, operation: Operation, approvals?: number): string {
  const common = { id: String(request.id), what: requestHeadline(t, request, operation), state: stateMessage(request.state) };
  return request.state === 'pending' && approvals !== undefined
    ? t.t('summary.lineWithProgress', { ...common, approvals, required: request.approvalsRequired })
    : t.t('summary.line', common);
}

/**
 * What a request does in a few words, as its title and every list show it: the command with its user ("enable voice
 * alice@contoso.com"), or with what was typed for a tenant-wide one ("configure hybrid sip.contoso.com", "exchange
 * oauth hide"), or with its count ("bulk 3 users").
 */
export function requestHeadline(t: Translator, request: VoiceRequest, operation: Operation): string {
  const params = request.parameters;
  const detail =
    operation.targetUser(params) !== undefined
      ? subjectText(t, request, operation)
      : operation.headlineText
        ? t.text(operation.headlineText(params))
        : operation.syntax.args.flatMap((a) => (a.required && params[a.name] !== undefined ? [String(params[a.name])] : [])).join(' ');
  return detail ? `${operation.syntax.phrase} ${detail}` : operation.syntax.phrase;
}

/** Who or what the request is about: the user, or for tenant-wide and bulk requests what they change. */
export function subjectText(t: Translator, request: VoiceRequest, operation: Operation): string {
  return t.text(subjectMessage(operation, request.parameters));
}

/** The command block: the stored preview, with the bot's own comment lines (bulk) in the reader's language. */
function commandText(t: Translator, request: VoiceRequest, operation: Operation): string {
  if (!operation.previewLines) return request.preview;
  try {
    return operation.previewLines(request.parameters).map((line) => (typeof line === 'string' ? line : `# ${t.render(line)}`)).join('\n');
  } catch {
    // Parameters that no longer match their hash: show what was stored, as approved.
    return request.preview;
  }
}

/**
 * What a finished request reports, in the reader's language. A result stored before results kept their catalog
 * message is read back to the message its English was rendered from; one that matches none is shown as stored.
 */
export function resultMessage(t: Translator, request: VoiceRequest): string | undefined {
  if (!request.result) return undefined;
  const text = request.result.text ?? recogniseStoredEnglish(request.result.message, RESULT_MESSAGES);
  return text ? t.render(text) : request.result.message;
}

/**
 * A row's label: the bot's own, stored as a message (or, on a bulk request filed before labels were, read back from
 * its English), else the tenant's property name as it is.
 */
function rowLabel(t: Translator, request: VoiceRequest, row: StateRow): string {
  const label = row.label ?? (request.operation === BULK_CHANGE ? recogniseStoredEnglish(row.property, BULK_ROW_LABELS) : undefined);
  return label ? t.render(label) : row.property;
}

/**
 * A stored state value for reading: the placeholders the operations write for "no value" ("(none)", a PSTN site's
 * "(tenant default)") in the reader's words, everything else as the tenant has it.
 */
export function stateValue(t: Translator, value: string): string {
  if (value === '(none)') return t.t('value.none');
  if (value === TENANT_DEFAULT_SITE) return t.t('value.tenantDefault');
  return value;
}

/** A state value on a card fact: as stateValue, with a tel: URI also grouped for reading (the value stays E.164). */
export function readableValue(t: Translator, value: string): string {
  return /^tel:\+\d{7,15}$/i.test(value) ? `${value} (${t.phone(value)})` : stateValue(t, value);
}

function decisionsText(t: Translator, votes: Vote[]): string {
  return votes
    .map((v) =>
      v.comment
        ? t.t('card.request.voteWithComment', { decision: v.decision, name: v.approver.name, comment: v.comment })
        : t.t('card.request.vote', { decision: v.decision, name: v.approver.name }),
    )
    .join('\n\n');
}

function rowsFor(t: Translator, request: VoiceRequest): { rows: StateRow[]; heading: string } {
  if (request.result) return { rows: request.result.after, heading: t.t('card.request.headingAfterRun') };
  return { rows: request.before, heading: t.t('card.request.headingProposed') };
}

/** Whose card this is: each viewer's own view, or the shared copy posted in a conversation. */
export type CardView = Viewer | 'shared';

export interface CardOptions {
  view: CardView;
  /** The people whose Teams clients refresh the shared card into their own view (see ApprovalPolicy.audience). */
  audience?: { objectIds: string[]; complete: boolean };
  /** While a long request runs (bulk): how far it has got, shown where the result will be. */
  progress?: string;
  /** Other requests still open for the same user or tenant-wide settings (RequestService.openAlongside). */
  alsoOpen?: readonly { request: VoiceRequest; operation: Operation }[];
}

/** Teams user ids for refresh.userIds: the MRI of an Entra user in the bot's own tenant. */
export function teamsUserId(objectId: string): string {
  return `8:orgid:${objectId}`;
}


/**
 * The request card. Every view shows the same facts (state, who asked, current → proposed, the exact
 * command); they differ only in the buttons: approvers get Approve / Reject with a reason box, the
 * requester gets Cancel (until a run claims the request), requester and approvers Stop while a bulk request runs,
 * everyone else the status.
 * Until then the card asks Teams to refresh it per viewer (Universal Actions); after, everybody sees the same card.
 */
export function requestCard(t: Translator, request: VoiceRequest, operation: Operation, votes: Vote[], options: CardOptions): AdaptiveCard {
  const approvals = countedApprovals(request, votes);
  const { rows, heading } = rowsFor(t, request);
  const beforeByProperty = new Map(request.before.map((r) => [r.property, r.current]));
  const pending = request.state === 'pending';
  const statusText = pending
    ? t.t('card.request.statusWithProgress', { status: stateMessage(request.state), approvals, required: request.approvalsRequired })
    : stateLabel(t, request.state);
  const audience = options.audience ?? { objectIds: [], complete: true };
  const showDecisionActions = pending && (options.view === 'approver' || (options.view === 'shared' && !audience.complete));
  // The requester may withdraw it until a run claims it, also once approved (waiting for a session or a worker); the
  // requester and the approvers may stop a running bulk request (the rows not yet started).
  const stoppable = isStoppable(request);
  const showCancelAction =
    (options.view === 'requester' && (CANCELLABLE_STATES.includes(request.state) || stoppable)) || (options.view === 'approver' && stoppable);
  const note = footnote(t, request, options.view, showDecisionActions);
  return renderCard('request-card', {
    title: t.t('card.request.title', { id: String(request.id), what: requestHeadline(t, request, operation) }),
    statusText,
    statusColor: stateColor(request.state),
    facts: [
      { name: t.t('card.request.requestedBy'), value: request.requester.name },
      { name: t.t('card.request.requestedAt'), value: t.dateTime(request.createdAt) },
      { name: t.t('card.request.approvalsNeeded'), value: t.number(request.approvalsRequired) },
      { name: t.t(pending ? 'card.request.expires' : 'card.request.expiryWas'), value: t.dateTime(request.expiresAt) },
    ],
    changeHeading: heading,
    rows: rows.map((r) => ({
      property: rowLabel(t, request, r),
      current: stateValue(t, request.result ? (beforeByProperty.get(r.property) ?? r.current) : r.current),
      proposed: stateValue(t, r.proposed),
      emphasis: r.current !== r.proposed || request.result ? 'Bolder' : 'Default',
    })),
    commandHeading: t.t('card.request.commandHeading'),
    command: commandText(t, request, operation),
    alsoOpenText: alsoOpenText(t, request, operation, options.alsoOpen ?? []),
    resultText: resultText(t, request, options.progress),
    decisionsText: decisionsText(t, votes.filter((v) => v.decision === 'reject' || v.requestHash === request.requestHash)),
    footnote: note,
    showDecisionActions,
    showCancelAction,
    showRefresh: (CANCELLABLE_STATES.includes(request.state) || stoppable) && audience.objectIds.length > 0,
    refreshUserIds: audience.objectIds.map(teamsUserId),
    requestId: request.id,
    nonce: request.nonce,
    labels: {
      refresh: t.t('card.request.refresh'),
      reason: t.t('card.request.reasonLabel'),
      reasonPlaceholder: t.t('card.request.reasonPlaceholder'),
      approve: t.t('card.request.approve'),
      reject: t.t('card.request.reject'),
      cancel: t.t(stoppable ? 'card.request.stop' : 'card.request.cancel'),
    },
    fallbackText: t.t('card.request.fallback', { summary: requestSummary(t, request, operation, approvals), command: commandText(t, request, operation), footnote: note }),
  });
}

/** "Also open for alice@contoso.com: #1 …": approvers deciding one change of a user see the others waiting. */
function alsoOpenText(t: Translator, request: VoiceRequest, operation: Operation, others: NonNullable<CardOptions['alsoOpen']>): string {
  if (others.length === 0) return '';
  const requests = others.map((other) => requestSummary(t, other.request, other.operation)).join('; ');
  return t.t('card.request.alsoOpen', { subject: subjectText(t, request, operation), requests });
}

/** A running bulk request nobody has asked to stop yet. */
function isStoppable(request: VoiceRequest): boolean {
  return isRunningBulk(request) && !request.stopRequested;
}

/** Approvals that count: cast on the request as it is now (see Vote.requestHash). */
export function countedApprovals(request: VoiceRequest, votes: Vote[]): number {
  return votes.filter((v) => v.decision === 'approve' && v.requestHash === request.requestHash).length;
}

function resultText(t: Translator, request: VoiceRequest, progress?: string): string {
  if (request.result) return resultMessage(t, request) ?? '';
  if (progress && request.state === 'running') return progress;
  if (request.state === 'expired') return t.t('card.request.expiredText', { expiresAt: { dateTime: request.expiresAt } });
  if (request.state === 'cancelled') return t.t('card.request.cancelledText', { requester: request.requester.name });
  return '';
}

function footnote(t: Translator, request: VoiceRequest, view: CardView, decisionButtons: boolean): string {
  const id = String(request.id);
  if (request.state !== 'pending' && view === 'requester' && CANCELLABLE_STATES.includes(request.state)) {
    return t.t('card.request.footnoteRequesterApproved', { id });
  }
  if ((view === 'requester' || view === 'approver') && isStoppable(request)) return t.t('card.request.footnoteStoppable', { id });
  if (request.state !== 'pending') return t.t('card.request.footnoteFinal', { id });
  if (decisionButtons) return t.t('card.request.footnoteApprover', { id });
  if (view === 'requester') return t.t('card.request.footnoteRequester', { id });
  return t.t('card.request.footnoteOthers', { id });
}
