import type { CommandHandler } from '../bot/turn';
import { bulkChange } from '../domain/bulk/bulk-change';
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
 * For those who may file bulk requests: the file is the starting point of one.
 */
export function bulkExportCommand(deps: { policy: ApprovalPolicy; links: BulkOutcomeLinks }): CommandHandler {
  return async (turn) => {
    await deps.policy.assertMayRequest(turn.actor, bulkChange);
    await turn.reply(turn.t.t('bulk.export.link', { url: deps.links.exportLink(), hours: Math.max(1, Math.round(deps.links.exportTtlMs / 3_600_000)) }));
  };
}
