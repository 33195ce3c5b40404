import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PROJECT_ROOT } from '../config/project-root';
import { dynamicKey } from '../i18n/message';
import { normaliseLocale, type Locale } from '../i18n/locale';
import { englishTranslator, Translator } from '../i18n/translator';

/** The vendored Teams localization file schema (see manifest/schema/SOURCE.md). */
export const TEAMS_LOCALIZATION_SCHEMA_PATH = join(PROJECT_ROOT, 'manifest', 'schema', 'MicrosoftTeams.Localization.v1.17.schema.json');
export const TEAMS_LOCALIZATION_SCHEMA_URL = 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.Localization.schema.json';

type Manifest = Record<string, any>;

/** One of the manifest's `localizationInfo.additionalLanguages`, with the catalog that writes its file. */
export interface ManifestLanguage {
  languageTag: string;
  file: string;
  locale: Locale;
}

/** The additional languages manifest.json names, each mapped to the catalog that serves it. */
export function manifestLanguages(manifest: Manifest): ManifestLanguage[] {
  const listed: { languageTag: string; file: string }[] = manifest.localizationInfo?.additionalLanguages ?? [];
  return listed.map(({ languageTag, file }) => {
    const locale = normaliseLocale(languageTag);
    if (!locale || locale === 'en') throw new Error(`manifest.json lists ${languageTag}, which no catalog other than English serves`);
    return { languageTag, file, locale };
  });
}

/**
 * Every string of the manifest Teams lets a localization file replace, as that file's keys, with where its words
 * come from: a catalog message, or the manifest itself for names that are the same in every language (the app's
 * short name, and the bot's command titles, which Teams sends back as the message and the bot parses in English).
 */
function localizableStrings(manifest: Manifest): { key: string; message?: string }[] {
  const keys: { key: string; message?: string }[] = [
    { key: 'name.short' },
    { key: 'name.full', message: 'manifest.name.full' },
    { key: 'description.short', message: 'manifest.description.short' },
    { key: 'description.full', message: 'manifest.description.full' },
  ];
  (manifest.bots?.[0]?.commandLists ?? []).forEach((list: Manifest, l: number) => {
    (list.commands ?? []).forEach((command: Manifest, c: number) => {
      const at = `bots[0].commandLists[${l}].commands[${c}]`;
      keys.push({ key: `${at}.title` }, { key: `${at}.description`, message: `manifest.command.${String(command.title).replace(/ /g, '-')}` });
    });
  });
  (manifest.composeExtensions?.[0]?.commands ?? []).forEach((command: Manifest, c: number) => {
    const at = `composeExtensions[0].commands[${c}]`;
    keys.push({ key: `${at}.title`, message: `manifest.${command.id}.title` }, { key: `${at}.description`, message: `manifest.${command.id}.description` });
    (command.parameters ?? []).forEach((parameter: Manifest, p: number) => {
      keys.push(
        { key: `${at}.parameters[${p}].title`, message: `manifest.${command.id}.${parameter.name}.title` },
        { key: `${at}.parameters[${p}].description`, message: `manifest.${command.id}.${parameter.name}.description` },
      );
    });
  });
  return keys;
}

/** The manifest's strings in one language, from the catalogs; throws when a catalog has no words for one. */
export function manifestStrings(manifest: Manifest, t: Translator): Record<string, string> {
  return Object.fromEntries(
    localizableStrings(manifest).map(({ key, message }) => {
      if (message === undefined) return [key, String(valueAt(manifest, key))];
      if (!t.has(message)) throw new Error(`the catalogs have no ${message} for the manifest's ${key}`);
      return [key, t.t(dynamicKey(message))];
    }),
  );
}

/** The same keys, read from manifest.json as written (its default language, English). */
export function manifestStringsAsWritten(manifest: Manifest): Record<string, string> {
  return Object.fromEntries(localizableStrings(manifest).map(({ key }) => [key, valueAt(manifest, key) as string]));
}

/** A Teams localization file for one language: the schema it follows and every localizable string. */
export function manifestLocalizationFile(manifest: Manifest, locale: Locale): Record<string, string> {
  return { $schema: TEAMS_LOCALIZATION_SCHEMA_URL, ...manifestStrings(manifest, new Translator(locale)) };
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/**
 * Problems of a localization file, as "key message" lines; empty when Teams would take it: it matches the Teams
 * schema (known keys, length limits), every key names a string of this manifest, and none of them is missing.
 */
export function localizationFileProblems(file: Record<string, unknown>, manifest: Manifest): string[] {
  if (!compiled) {
    // The schema's key patterns are written for non-Unicode regular expressions (an unescaped "]").
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(TEAMS_LOCALIZATION_SCHEMA_PATH, 'utf8')));
  }
  const problems = compiled(file)
    ? []
    : (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  for (const key of Object.keys(file)) {
    if (key !== '$schema' && typeof valueAt(manifest, key) !== 'string') problems.push(`${key} names no string of manifest.json`);
  }
  for (const { key } of localizableStrings(manifest)) {
    if (!(key in file)) problems.push(`${key} is missing`);
  }
  return problems;
}

/** The value a localization key names: "bots[0].commandLists[0].commands[3].title" → manifest.bots[0]…title. */
export function valueAt(manifest: Manifest, key: string): unknown {
  const parts = key.match(/[^.[\]]+/g) ?? [];
  let value: unknown = manifest;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** English, the manifest's own language: what manifest.json must say for its strings to come from en.json. */
export function englishManifestStrings(manifest: Manifest): Record<string, string> {
  return manifestStrings(manifest, englishTranslator());
}
