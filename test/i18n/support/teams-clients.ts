import type { Locale } from '../../../src/i18n/locale';

/** What Teams clients in each supported language send as `activity.locale`, and the catalog it resolves to. */
export const TEAMS_CLIENTS: readonly { tag: string; locale: Locale }[] = [
  { tag: 'en-US', locale: 'en' },
  { tag: 'fr-FR', locale: 'fr' },
  { tag: 'zh-CN', locale: 'zh-CN' },
  { tag: 'zh-TW', locale: 'zh-TW' },
  { tag: 'ko-KR', locale: 'ko' },
];
