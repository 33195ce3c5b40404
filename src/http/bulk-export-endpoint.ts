import type { Request, Response } from 'restify';
import { inventoryCall, inventoryCsv } from '../domain/bulk/bulk-export';
import type { VoicePath } from '../domain/operations/operation';
import type { Executor } from '../ports/executor';
import type { BulkOutcomeLinks } from './bulk-outcome-links';

/**
 * GET /bulk/export/:token: every user's voice settings as a bulk file, read from the tenant when the link is opened
 * (read-only). A forged or expired link is a plain 404; a tenant that cannot be read is a 502 that says so.
 */
export function bulkExportEndpoint(deps: { executor: Executor; links: BulkOutcomeLinks; voicePath: VoicePath; now: () => number }) {
  return async (req: Request, res: Response): Promise<void> => {
    const plain = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
    if (!deps.links.exportAllowed(String(req.params?.token ?? ''))) {
      res.writeHead(404, plain);
      res.end('Not found\n');
      return;
    }
    const read = await deps.executor.invoke({ ...inventoryCall(deps.voicePath), timeoutMs: 120_000 });
    if (!read.ok) {
      res.writeHead(502, plain);
      res.end(`Could not read the tenant: ${read.error.message}\n`);
      return;
    }
    const body = Buffer.from(inventoryCsv(read.output, deps.voicePath), 'utf8');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': body.length,
      'content-disposition': `attachment; filename="voice-settings-${new Date(deps.now()).toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };
}
