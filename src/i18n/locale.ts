/** The languages the bot speaks. Command words, UPNs and cmdlet names stay as they are in every one. */
export const LOCALES = ['en', 'fr', 'zh-CN', 'zh-TW', 'ko'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * A BCP 47 tag as Teams sends it (fr-FR, zh-Hant-TW, ko-KR, en_us) to the catalog that serves it, or undefined
 * when no catalog does. Chinese goes by script first (Hant/Hans), then by region (TW, HK, MO are Traditional).
 */
export function normaliseLocale(tag: string | null | undefined): Locale | undefined {
  if (typeof tag !== 'string') return undefined;
  const parts = tag.trim().replace(/_/g, '-').toLowerCase().split('-').filter(Boolean);
  const [language, ...rest] = parts;
  switch (language) {
    case 'en':
      return 'en';
    case 'fr':
      return 'fr';
    case 'ko':
      return 'ko';
    case 'zh':
      if (rest.includes('hant') || rest.some((p) => ['tw', 'hk', 'mo'].includes(p))) {
        return rest.includes('hans') ? 'zh-CN' : 'zh-TW';
      }
      return 'zh-CN';
    default:
      return undefined;
  }
}

/** The first of the candidates a catalog serves (activity locale, then configured language), else English. */
export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const candidate of candidates) {
    const locale = normaliseLocale(candidate);
    if (locale) return locale;
  }
  return DEFAULT_LOCALE;
}

/**
 * An IANA time zone Intl knows, in Intl's own spelling, or undefined (Teams sends activity.localTimezone; older
 * clients send nothing). The canonical spelling keeps the formatter cache to one entry per zone.
 */
export function validTimeZone(zone: string | null | undefined): string | undefined {
  if (typeof zone !== 'string' || zone.trim() === '') return undefined;
  const given = zone.trim();
  // Teams sends the zone on every turn, and asking Intl builds a formatter; the answers are kept, and the cache is
  // emptied when odd spellings fill it so that what clients send cannot grow it without bound.
  if (checkedZones.has(given)) return checkedZones.get(given);
  if (checkedZones.size >= MAX_CHECKED_ZONES) checkedZones.clear();
  let canonical: string | undefined;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: given }).resolvedOptions().timeZone;
  } catch {
    canonical = undefined;
  }
  checkedZones.set(given, canonical);
  return canonical;
}

const MAX_CHECKED_ZONES = 1024;
const checkedZones = new Map<string, string | undefined>();
