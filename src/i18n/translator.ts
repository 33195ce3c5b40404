import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { CATALOGS } from './catalogs';
import { DEFAULT_LOCALE, type Locale } from './locale';
import { isMessage, type Message, type MessageKey, type MessageParam, type MessageParams } from './message';

interface Compiled {
  format: IntlMessageFormat;
  /** Arguments the message formats as numbers (plural, selectordinal, number); other numbers go in as text. */
  numeric: Set<string>;
}

const compiled = new Map<string, Compiled>();

// `<reason>` in a message is literal text, not a rich-text tag.
const PARSE_OPTIONS = { ignoreTag: true } as const;

function compile(locale: Locale, key: MessageKey): Compiled {
  const id = `${locale}\u0000${key}`;
  let entry = compiled.get(id);
  if (!entry) {
    const source = CATALOGS[locale][key] ?? CATALOGS[DEFAULT_LOCALE][key];
    if (source === undefined) throw new Error(`no message ${key} in the catalogs`);
    const ast = parse(source, PARSE_OPTIONS);
    entry = { format: new IntlMessageFormat(ast, locale, undefined, PARSE_OPTIONS), numeric: numericArguments(ast) };
    compiled.set(id, entry);
  }
  return entry;
}

function numericArguments(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.plural || element.type === TYPE.number) found.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) numericArguments(option.value, found);
    }
    if (element.type === TYPE.tag) numericArguments(element.children, found);
  }
  return found;
}

type DateStyle = 'long' | 'short' | 'zone';

const DATE_STYLES: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
  short: { month: '2-digit', day: '2-digit', hour: 'numeric', minute: '2-digit' },
  zone: { timeZoneName: 'short' },
};

// Building an Intl formatter costs far more than formatting with one (it loads locale and zone data), and a
// card formats several dates. Locales are few and zones bounded by IANA's list, so the cache stays small.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: Locale, timeZone: string, style: DateStyle): Intl.DateTimeFormat {
  const id = `${locale}\u0000${timeZone}\u0000${style}`;
  let format = dateFormats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...DATE_STYLES[style], timeZone });
    dateFormats.set(id, format);
  }
  return format;
}

function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format;
}

/**
 * Everything a reply or card says, in one reader's language and time zone. Made per turn from the activity
 * (or per recipient for proactive messages) and handed to the code that builds text; nothing else picks words.
 */
export class Translator {
  readonly timeZone: string;

  constructor(
    readonly locale: Locale,
    timeZone?: string,
  ) {
    this.timeZone = timeZone ?? 'UTC';
  }

  t(key: MessageKey, params?: MessageParams): string {
    const { format, numeric } = compile(this.locale, key);
    const values: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(params ?? {})) {
      values[name] = typeof value === 'number' && numeric.has(name) ? value : this.param(value);
    }
    return String(format.format(values));
  }

  render(message: Message): string {
    return this.t(message.key, message.params);
  }

  /** Whether the catalogs have this key (keys built from data, such as a new command's summary, may be missing). */
  has(key: string): boolean {
    return key in CATALOGS[DEFAULT_LOCALE];
  }

  /** Any message parameter as text: a string as it is, a message rendered, a date or phone number formatted. */
  text(value: MessageParam): string {
    return this.param(value);
  }

  private param(value: MessageParam): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (isMessage(value)) return this.render(value);
    if ('dateTime' in value) return this.dateTime(value.dateTime);
    return this.phone(value.phone);
  }

  /** An instant for reading: the reader's locale and time zone, with the zone named (UTC when Teams sent none). */
  dateTime(instant: string | Date): string {
    const date = typeof instant === 'string' ? new Date(instant) : instant;
    if (Number.isNaN(date.getTime())) return String(instant);
    return dateFormat(this.locale, this.timeZone, 'long').format(date);
  }

  /** An instant on one short line (day and minute, no year or zone): for lists whose heading names the zone. */
  shortDateTime(instant: string | Date): string {
    const date = typeof instant === 'string' ? new Date(instant) : instant;
    if (Number.isNaN(date.getTime())) return String(instant);
    return dateFormat(this.locale, this.timeZone, 'short').format(date);
  }

  /** The reader's time zone as Intl names it at that instant (PST, UTC+1, GMT+8; UTC when Teams sent none). */
  zoneName(instant: string | Date = new Date()): string {
    const date = typeof instant === 'string' ? new Date(instant) : instant;
    const at = Number.isNaN(date.getTime()) ? new Date() : date;
    const parts = dateFormat(this.locale, this.timeZone, 'zone').formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? this.timeZone;
  }

  number(value: number): string {
    return numberFormat(this.locale).format(value);
  }

  /** An E.164 number grouped for reading (+1 425 555 0100); the stored and used value stays E.164. */
  phone(e164: string): string {
    const bare = e164.toLowerCase().startsWith('tel:') ? e164.slice(4) : e164;
    return parsePhoneNumberFromString(bare)?.formatInternational() ?? e164;
  }
}

const ENGLISH = new Translator(DEFAULT_LOCALE);

/** English words where no reader is known yet (texts a runbook stores before anyone reads them). */
export function englishTranslator(): Translator {
  return ENGLISH;
}

/** English text of a message: for logs, the audit trail and Error.message, never for a reply. */
export function englishText(message: Message): string {
  return ENGLISH.render(message);
}
