import type { CommandHandler } from '../bot/turn';
import { bulkChange } from '../domain/bulk/bulk-change';
import { UserError } from '../domain/errors';
import { msg } from '../i18n/message';
import type { Store } from '../ports/store';
import type { CommandSyntax } from '../domain/parser/command-syntax';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { BulkOutcomeLinks } from '../http/bulk-outcome-links';

export const BULK_EXPORT: CommandSyntax = {
  name: 'bulk-export',
  phrase: 'bulk export',
  args: [],
  summary: "Download every user's voice settings as a bulk file (upn,number,site,international) to edit and send back with bulk.",
  example: 'bulk export',
};

/**
 * `bulk export`: a signed, expiring link to every user's settings as a bulk file, read from the tenant when opened.
 * For those who may file bulk requests: the file is the starting point of one. Whoever holds the link can open it,
 * so who was given one, and until when, is audited first (no record, no link).
 */
export function bulkExportCommand(deps: { policy: ApprovalPolicy; links: BulkOutcomeLinks; store: Store; tenantId: string }): CommandHandler {
  return async (turn) => {
    await deps.policy.assertMayRequest(turn.actor, bulkChange);
    const link = deps.links.exportLink();
    try {
      await deps.store.appendAudit({
        operation: 'ExportLinkIssued',
        userId: turn.actor.name,
        actorObjectId: turn.actor.objectId,
        objectId: '',
        parameters: { export: 'bulk-voice-settings', expires: link.expiresAt },
        resultStatus: 'Succeeded',
        tenantId: deps.tenantId,
        requestId: null,
        requestHash: null,
      });
    } catch {
      throw new UserError('AUDIT_UNAVAILABLE', msg('error.auditUnavailable'));
    }
    await turn.reply(turn.t.t('bulk.export.link', { url: link.url, hours: Math.max(1, Math.round(deps.links.exportTtlMs / 3_600_000)) }));
  };
}
