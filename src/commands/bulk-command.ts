import { bulkSummaryCard, bulkSummaryText } from '../cards/bulk-summary-view';
import type { ExecutionStarter } from '../bot/execution-runner';
import { ATTACHMENT_TEXT, csvAttachmentOf, otherFileOf, type FileFetcher } from '../bot/file-attachment';
import type { Messenger } from '../bot/messenger';
import type { RequestNotifier } from '../bot/request-notifier';
import type { CommandHandler, Turn } from '../bot/turn';
import { bulkChange, bulkParameters } from '../domain/bulk/bulk-change';
import { planBulk, rowsSeen, type BulkPlan } from '../domain/bulk/bulk-plan';
import { parseBulkRows, type BulkLimits, type ParsedRows } from '../domain/bulk/bulk-rows';
import { restoringRows } from '../domain/bulk/bulk-undo';
import { UserError } from '../domain/errors';
import type { StateRow, VoicePath } from '../domain/operations/operation';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { VoiceRequest } from '../domain/requests/request';
import type { RequestService } from '../domain/requests/request-service';
import type { Executor } from '../ports/executor';
import { msg, type Message } from '../i18n/message';
import { englishText } from '../i18n/translator';


const CARD_ROWS = 15;

export interface BulkCommandDeps {
  requests: RequestService;
  notifier: RequestNotifier;
  policy: ApprovalPolicy;
  executor: Executor;
  messenger: Messenger;
  runner: ExecutionStarter;
  files: FileFetcher;
  limits: BulkLimits;
  /** Reads in flight at once while checking rows: the pool size. */
  concurrency: number;
  voicePath: VoicePath;
}

/**
 * `bulk` with pasted lines or a CSV upload: size limits answered at once, then every row validated and read
 * from the tenant in the background (a thousand rows take longer than Teams waits for a reply), a summary card,
 * and one request for the valid rows that still need a change.
 */
export function bulkCommand(deps: BulkCommandDeps): CommandHandler {
  return async (turn, values) => {
    await deps.policy.assertMayRequest(turn.actor, bulkChange);
    const file = csvAttachmentOf(turn.attachments ?? []);
    const other = otherFileOf(turn.attachments ?? []);
    if (!file && other) throw new UserError('INVALID_VALUE', ATTACHMENT_TEXT.notCsv(other.name ?? msg('bulk.attachment.theFile')));
    const text = file ? await deps.files.fetchText(file) : String(values.lines ?? '');
    if (text.trim() === '') throw new UserError('MISSING_ARGUMENT', msg('bulk.usage'));
    if (text.length > deps.limits.maxChars) throw new UserError('INVALID_VALUE', msg('bulk.tooManyChars', { kb: Math.round(deps.limits.maxChars / 1024) }));
    const parsed = parseBulkRows(text);
    if (parsed.dataLines > deps.limits.maxRows) throw new UserError('INVALID_VALUE', msg('bulk.tooManyRows', { rows: parsed.dataLines, max: deps.limits.maxRows }));
    await turn.reply(turn.t.t('bulk.checking', { rows: parsed.dataLines }));
    checkAndFile(deps, turn, parsed);
  };
}

/**
 * `undo N` of a bulk request: the rows that put back what its run changed, checked against the tenant now and filed
 * for approval exactly as a pasted file of them would be.
 */
export function bulkUndo(deps: BulkCommandDeps): (turn: Turn, original: VoiceRequest) => Promise<void> {
  return async (turn, original) => {
    await deps.policy.assertMayRequest(turn.actor, bulkChange);
    const parsed = restoringRows(original);
    await turn.reply(turn.t.t('bulk.undo.checking', { id: String(original.id), rows: parsed.dataLines }));
    checkAndFile(deps, turn, parsed, original.id);
  };
}

/**
 * In the background: every row read from the tenant, the summary card, and one request for the rows to change
 * (`undoes`: the bulk request it puts back, named on its card).
 */
function checkAndFile(deps: BulkCommandDeps, turn: Turn, parsed: ParsedRows, undoes?: number): void {
  const { actor, conversationId, t } = turn;
  deps.runner.later(`bulk check for ${actor.name}`, async () => {
    try {
      const plan = await planBulk(parsed, deps.executor, { concurrency: deps.concurrency, voicePath: deps.voicePath });
      if (plan.toChange.length === 0) {
        await deps.messenger.send(conversationId, bulkSummaryText(t, plan), bulkSummaryCard(t, plan));
        return;
      }
      const params = bulkParameters(plan.toChange.map((c) => c.row), deps.voicePath, rowsSeen(plan.toChange), undoes);
      const request = await deps.requests.fileChecked(actor, bulkChange, params, beforeRows(plan), conversationId);
      await deps.messenger.send(conversationId, bulkSummaryText(t, plan), bulkSummaryCard(t, plan, request.id));
      if (deps.policy.approvalConversation(conversationId) === conversationId) {
        await deps.notifier.postApprovalCard(request);
        await deps.messenger.send(conversationId, t.t('bulk.approversHere', { id: String(request.id) }));
        return;
      }
      const posted = await deps.notifier.postApprovalAndRequesterCards(request, {
        t,
        conversationId,
        send: (card) => deps.messenger.send(conversationId, t.t('bulk.sentToApprovers', { id: String(request.id) }), card),
      });
      if ('approversNotReached' in posted) await deps.messenger.send(conversationId, deps.notifier.approversNotReachedText(t, request));
    } catch (error) {
      // The turn has ended: a refusal (policy, audit) is told as a message of its own.
      if (error instanceof UserError) await deps.messenger.send(conversationId, t.text(error.text));
      else throw error;
    }
  });
}

/**
 * Current → proposed per row for the approval card, first rows only (a card holds about 28 KB). Stored with the
 * request: each row label in English and as a catalog message, so every reader sees it in their language
 * (property names and values are the tenant's).
 */
function beforeRows(plan: BulkPlan): StateRow[] {
  const rows = plan.toChange.slice(0, CARD_ROWS).map(({ row, changes }) => ({
    ...labelled(msg('bulk.rowProperty', { row: String(row.row), user: row.user })),
    current: changes.map((c) => `${c.property} ${c.current}`).join('; '),
    proposed: changes.map((c) => `${c.property} ${c.proposed}`).join('; '),
  }));
  const more = plan.toChange.length - CARD_ROWS;
  return more > 0 ? [...rows, { ...labelled(msg('bulk.moreRows', { count: more })), current: '', proposed: '' }] : rows;
}

function labelled(label: Message): { property: string; label: Message } {
  return { property: englishText(label), label };
}
