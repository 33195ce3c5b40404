import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { VoiceRequest } from './request';

/**
 * Names a change apart from who asked for it and when: the tenant, the operation and its values (key order and
 * all). Two open requests with the same key ask for the same change, so the stores index it and filing finds an
 * open repeat in one lookup however many requests are open.
 */
export function changeKey(change: Pick<VoiceRequest, 'tenantId' | 'operation' | 'parameters'>): string {
  const { tenantId, operation, parameters } = change;
  return createHash('sha256').update(canonicalJson({ tenantId, operation, parameters })).digest('hex');
}
