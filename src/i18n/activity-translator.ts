import { resolveLocale, validTimeZone } from './locale';
import { Translator } from './translator';

/** What of an incoming activity decides its language: Teams sets locale, and localTimezone on newer clients. */
export interface LocaleHints {
  locale?: string | null;
  localTimezone?: string | null;
}

/**
 * The translator for a turn: the activity's locale when a catalog serves it, else the configured default
 * language (VOICEOPS_DEFAULT_LOCALE), else English; times in the activity's time zone, else UTC.
 */
export function translatorFor(activity: LocaleHints, defaultLocale?: string): Translator {
  return new Translator(resolveLocale(activity.locale, defaultLocale), validTimeZone(activity.localTimezone));
}
