import type { Request, Response } from 'restify';
import { BULK_CHANGE } from '../domain/bulk/bulk-change';
import { outcomesCsv } from '../domain/bulk/outcomes-csv';
import type { Store } from '../ports/store';
import type { BulkOutcomeLinks } from './bulk-outcome-links';

/**
 * GET /bulk/outcomes/:token: the outcomes CSV of a finished bulk request, for whoever holds a valid signed link.
 * Anything else (forged, expired, unknown, unfinished) is the same 404, so a probe learns nothing.
 */
export function bulkOutcomesEndpoint(deps: { store: Store; links: BulkOutcomeLinks }) {
  return async (req: Request, res: Response): Promise<void> => {
    const requestId = deps.links.requestOf(String(req.params?.token ?? ''));
    const request = requestId === undefined ? undefined : await deps.store.getRequest(requestId);
    const rows = request?.operation === BULK_CHANGE ? request.result?.bulkRows : undefined;
    if (!request || !rows) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('Not found\n');
      return;
    }
    const body = Buffer.from(outcomesCsv(rows), 'utf8');
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-length': body.length,
      'content-disposition': `attachment; filename="bulk-request-${request.id}-outcomes.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };
}
