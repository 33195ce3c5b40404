import { resolveLocale, validTimeZone } from './locale';
import { Translator } from './translator';

/** What of an incoming activity decides its language: Teams sets locale, and localTimezone on newer clients. */
export interface LocaleHints {
  locale?: string | null;
  localTimezone?: string | null;
  from?: { aadObjectId?: string; id?: string };
}

/** The configured languages: VOICEOPS_DEFAULT_LOCALE and VOICEOPS_USER_LOCALES (by Entra object id, lower case). */
export interface ConfiguredLocales {
  default?: string;
  users?: Record<string, string>;
}

/** The language configured for one person, else the default. */
export function configuredLocale(locales: ConfiguredLocales | undefined, objectId: string | undefined): string | undefined {
  return (objectId && locales?.users?.[objectId.toLowerCase()]) || locales?.default;
}

/**
 * The translator for a turn: the activity's locale when a catalog serves it, else the sender's configured language
 * (VOICEOPS_USER_LOCALES), else VOICEOPS_DEFAULT_LOCALE, else English; times in the activity's time zone, else UTC.
 */
export function translatorFor(activity: LocaleHints, locales?: ConfiguredLocales): Translator {
  const configured = configuredLocale(locales, activity.from?.aadObjectId ?? activity.from?.id);
  return new Translator(resolveLocale(activity.locale, configured), validTimeZone(activity.localTimezone));
}
