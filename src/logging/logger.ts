/** Structured logging; fields are data, never secrets (the writer redacts known secret keys anyway). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS = /authorization|password|secret|token|privatekey|private_key|clientassertion|assertion|cookie|credential/i;
// A JWT (three base64url parts, header starting `{"`) or a bearer credential, wherever it sits in a string.
const TOKEN_IN_TEXT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*|\b(Bearer|Basic)\s+[\w\-.~+/=]{8,}/gi;
const MAX_DEPTH = 8;

/** Redacts secret-named keys at any depth and token-shaped substrings in every string. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_IN_TEXT, '[redacted]');
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return redact(value.message, depth);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)]),
  );
}

/** One JSON object per line on the given stream. */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: string) => (message: string, fields: Record<string, unknown> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message: redact(message), ...(redact(fields) as object) })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * Wraps any logger so the given secret values (the app password, a certificate key) are replaced wherever
 * they appear, even inside an error message from a library that echoed them.
 */
export function secretScrubbingLogger(inner: Logger, secrets: string[]): Logger {
  const known = secrets.filter((s) => s.length >= 4);
  const scrub = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return known.reduce((text, secret) => text.split(secret).join('[redacted]'), value);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (value instanceof Error) return scrub(value.message, depth);
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
  };
  const wrap = (write: Logger['info']) => (message: string, fields: Record<string, unknown> = {}) =>
    write(scrub(message) as string, redact(scrub(fields)) as Record<string, unknown>);
  return { info: wrap(inner.info.bind(inner)), warn: wrap(inner.warn.bind(inner)), error: wrap(inner.error.bind(inner)) };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
