import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { OperationParameters } from '../operations/operation';

/** SHA-256 of the canonical request: what runs, with which values, for whom, asked by whom. */
export function requestHash(request: {
  operation: string;
  parameters: OperationParameters;
  requester: { objectId: string };
  tenantId: string;
}): string {
  const canonical = canonicalJson({
    operation: request.operation,
    parameters: request.parameters,
    requester: request.requester.objectId,
    tenantId: request.tenantId,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
