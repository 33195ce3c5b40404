import pino, { type DestinationStream } from 'pino';
import type { Config } from '../config/read-config';
import { currentCorrelation } from './correlation';

/** Structured logging; fields are data, never secrets (the writer redacts known secret keys anyway). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS =
  /authorization|password|secret|token|privatekey|private_key|clientassertion|assertion|cookie|credential|connectionstring|apikey/i;
// Credentials that can hide inside an otherwise harmless string (an error message quoting a header, a URL):
// a JWT (three base64url parts, header starting `{"`), a bearer/basic credential, secret query values, URL passwords.
const SECRETS_IN_TEXT: [RegExp, string][] = [
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*|\b(Bearer|Basic)\s+[\w\-.~+/=]{8,}/gi, '[redacted]'],
  [/\b(client_secret|password|access_token|refresh_token|sig)=[^&\s"']+/gi, '$1=[redacted]'],
  [/\/\/([^/\s:@]+):[^/\s@]+@/g, '//$1:[redacted]@'],
];
const MAX_DEPTH = 8;

/** Redacts secret-named keys at any depth and secret-shaped substrings in every string. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRETS_IN_TEXT.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return redact(value.message, depth);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)]),
  );
}

export interface LoggerOptions {
  level?: Config['logLevel'];
  /** Where JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

/** pino writing one JSON object per line, with the correlation ids of the current turn or HTTP request. */
export function pinoLogger({ level = 'info', destination }: LoggerOptions = {}): Logger {
  const base = pino(
    {
      level,
      base: { service: 'voiceops' },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => ({ ...currentCorrelation() }),
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const log = (method: 'info' | 'warn' | 'error') => (message: string, fields: Record<string, unknown> = {}) =>
    base[method](redact(fields) as Record<string, unknown>, redact(message) as string);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** The logger the entry points use, configured from the environment. */
export function loggerFor(config: Pick<Config, 'logLevel'>): Logger {
  return pinoLogger({ level: config.logLevel });
}

/** pino JSON lines through the given writer (tests capture lines this way). */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return pinoLogger({ destination: { write } });
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
