import pino, { type DestinationStream } from 'pino';
import type { Config } from '../config/read-config';
import { currentCorrelation } from './correlation';

/** Structured logging; fields are data, never secrets (the writer redacts known secret keys anyway). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS = /authorization|password|secret|token|privatekey|clientassertion|connectionstring|apikey/i;
// Credentials that can hide inside an otherwise harmless string (an error message quoting a header, a URL).
const SECRET_VALUES: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\b(client_secret|password|access_token|refresh_token|sig)=[^&\s"']+/gi, '$1=[redacted]'],
  [/\/\/([^/\s:@]+):[^/\s@]+@/g, '//$1:[redacted]@'],
];

/** Copies fields with secret-named keys replaced and secret-looking substrings masked, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_VALUES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), value);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, depth + 1);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)]));
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

/** One JSON object per line through the given writer (kept for callers that pass a function). */
export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return pinoLogger({ destination: { write } });
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
