import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import ko from '../../locales/ko.json';
import zhCN from '../../locales/zh-CN.json';
import zhTW from '../../locales/zh-TW.json';
import type { Locale } from './locale';

/** One ICU message catalog per locale, keyed flat ("state.pending"). */
export type Catalog = Readonly<Record<string, string>>;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, fr, 'zh-CN': zhCN, 'zh-TW': zhTW, ko };
