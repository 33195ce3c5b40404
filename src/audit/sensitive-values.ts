import { createHmac } from 'node:crypto';
import type { AuditEntry, AuditEntryProtector } from '../domain/audit/audit-record';
import { canonicalJson } from '../domain/canonical-json';

/** Prefix of a protected value in the audit trail; `voiceops audit hash <value>` prints the same form. */
export const HMAC_PREFIX = 'hmac-sha256:';

// Parameter names that carry secrets or private key material, at any depth of the parameters.
const SENSITIVE_NAME = /(secret|password|passwd|passphrase|private.?key|pfx|pkcs12|certificate.?(data|content|bytes)|client.?secret|credential|token|api.?key)/i;
// Values that are private key material whatever their parameter is called.
const PRIVATE_MATERIAL = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** The searchable stand-in for a sensitive value: HMAC-SHA256 under a key that never enters the database. */
export function hmacOf(value: unknown, key: Buffer): string {
  const text = typeof value === 'string' ? value : canonicalJson(value);
  return HMAC_PREFIX + createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** Replaces every sensitive value in an entry's parameters by its HMAC; everything else is kept as is. */
export function sensitiveValueProtector(key: Buffer): AuditEntryProtector {
  const protect = (value: unknown, name: string): unknown => {
    if (value === null || value === undefined) return value;
    if (isSensitiveName(name)) return hmacOf(value, key);
    if (typeof value === 'string') return PRIVATE_MATERIAL.test(value) ? hmacOf(value, key) : value;
    if (Array.isArray(value)) return value.map((item) => protect(item, name));
    if (typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, protect(v, k)]));
    }
    return value;
  };
  return (entry: AuditEntry) => ({ ...entry, parameters: protect(entry.parameters, '') as Record<string, unknown> });
}
