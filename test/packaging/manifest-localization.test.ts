import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { CATALOGS } from '../../src/i18n/catalogs';
import { LOCALES } from '../../src/i18n/locale';
import { buildTeamsPackage, renderManifest } from '../../src/packaging/build-teams-package';
import {
  englishManifestStrings,
  localizationFileProblems,
  manifestLanguages,
  manifestLocalizationFile,
  manifestStringsAsWritten,
  TEAMS_LOCALIZATION_SCHEMA_PATH,
  TEAMS_LOCALIZATION_SCHEMA_URL,
} from '../../src/packaging/manifest-localization';
import { englishLeftovers } from '../i18n/support/english-leftovers';

const CONFIG = { microsoftAppId: '5b1d3a52-7c8e-4f5a-9d2b-0e6f4c3a2b1d', botDomain: 'voiceops.contoso.com' };
/** Teams' length limits for each kind of localized string (the localization schema's maxLength). */
const LIMITS: [RegExp, number][] = [
  [/^name\.short$/, 30],
  [/^name\.full$/, 100],
  [/^description\.short$/, 80],
  [/^description\.full$/, 4000],
  [/\.title$/, 32],
  [/\.description$/, 128],
];

/** The app's name and the bot's command titles: Teams sends a title back as the message, which the bot parses in English. */
const sameInEveryLanguage = (key: string) => key === 'name.short' || /^bots\[0\]\..*\.title$/.test(key);

describe('the Teams app manifest in every language', () => {
  let dir: string;
  const manifest = renderManifest(CONFIG) as Record<string, any>;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'voiceops-l10n-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the vendored localization schema is the file named in manifest/schema/SOURCE.md, unchanged', () => {
    const hash = createHash('sha256').update(readFileSync(TEAMS_LOCALIZATION_SCHEMA_PATH)).digest('hex');
    expect(hash).toBe('f0ec5011b93434da1f0c4a7a4ef558b62d79bc98fea9e37e9513fcdd17aa2bcc');
    expect(readFileSync(join(PROJECT_ROOT, 'manifest', 'schema', 'SOURCE.md'), 'utf8')).toContain('MicrosoftTeams.Localization.v1.17.schema.json');
  });

  test('manifest.json is English (en-us) and names a file for every other language the bot speaks', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en-us');
    expect(manifestLanguages(manifest)).toEqual([
      { languageTag: 'fr-fr', file: 'fr-fr.json', locale: 'fr' },
      { languageTag: 'zh-cn', file: 'zh-cn.json', locale: 'zh-CN' },
      { languageTag: 'zh-tw', file: 'zh-tw.json', locale: 'zh-TW' },
      { languageTag: 'ko-kr', file: 'ko-kr.json', locale: 'ko' },
    ]);
    expect(manifestLanguages(manifest).map((l) => l.locale).sort()).toEqual(LOCALES.filter((l) => l !== 'en').sort());
  });

  test("manifest.json's own English strings are en.json's words, so every language is written from the catalogs", () => {
    expect(manifestStringsAsWritten(manifest)).toEqual(englishManifestStrings(manifest));
  });

  test('the package holds each language file, valid against the Teams schema, with every key and within the limits', () => {
    const zip = new AdmZip(buildTeamsPackage({ ...CONFIG, dataDir: dir }, join(dir, 'app.zip')));
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(
      ['color.png', 'fr-fr.json', 'ko-kr.json', 'manifest.json', 'outline.png', 'zh-cn.json', 'zh-tw.json'],
    );
    const english = manifestStringsAsWritten(manifest);
    for (const { file, locale } of manifestLanguages(manifest)) {
      const content = JSON.parse(zip.readAsText(file));
      expect(content).toEqual(manifestLocalizationFile(manifest, locale));
      expect(content.$schema).toBe(TEAMS_LOCALIZATION_SCHEMA_URL);
      expect(localizationFileProblems(content, manifest)).toEqual([]);
      const { $schema: _schema, ...strings } = content;
      expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
      for (const [key, value] of Object.entries(strings) as [string, string][]) {
        const limit = LIMITS.find(([pattern]) => pattern.test(key))?.[1];
        expect([key, limit !== undefined && value.length <= limit]).toEqual([key, true]);
      }
      // The words are the catalog's; the app's name and the command titles (what Teams sends back) stay as typed.
      expect(strings['description.full']).toBe(CATALOGS[locale]['manifest.description.full']);
      expect(strings['bots[0].commandLists[0].commands[0].title']).toBe(english['bots[0].commandLists[0].commands[0].title']);
      expect(strings['name.short']).toBe('voiceops');
      const translated = Object.keys(strings).filter((k) => !sameInEveryLanguage(k));
      for (const key of translated) expect([key, strings[key]]).not.toEqual([key, english[key]]);
      if (locale !== 'fr') {
        // Chinese and Korean: no English words but command words, product names, and the argument placeholders.
        const leftovers = translated.map((k) => [k, englishLeftovers(strings[k], locale, ['voiceops', 'pending', 'Enterprise Voice', 'PowerShell'])]).filter(([, w]) => w.length > 0);
        expect(leftovers).toEqual([]);
      }
    }
  });

  test('a file Teams would refuse is reported: an unknown key, a key naming nothing, a missing key, a string too long', () => {
    const good = manifestLocalizationFile(manifest, 'fr');
    const { ['description.short']: _dropped, ...missing } = good;
    expect(localizationFileProblems(missing, manifest)).toEqual(
      expect.arrayContaining(["/ must have required property 'description.short'", 'description.short is missing']),
    );
    expect(localizationFileProblems({ ...good, 'bots[0].title': 'x' }, manifest)).toEqual(
      expect.arrayContaining(['/ must NOT have additional properties (bots[0].title)', 'bots[0].title names no string of manifest.json']),
    );
    expect(localizationFileProblems({ ...good, 'bots[0].commandLists[1].commands[0].title': 'x' }, manifest)).toEqual([
      'bots[0].commandLists[1].commands[0].title names no string of manifest.json',
    ]);
    const tooLong = { ...good, 'bots[0].commandLists[0].commands[0].description': 'x'.repeat(129) };
    expect(localizationFileProblems(tooLong, manifest)).toEqual(['/bots[0].commandLists[0].commands[0].description must NOT have more than 128 characters']);
  });

  test('a manifest command with no words in the catalogs cannot be packaged', () => {
    const withNew = structuredClone(manifest);
    withNew.bots[0].commandLists[0].commands.push({ title: 'frobnicate', description: 'Frobnicate things' });
    expect(() => manifestLocalizationFile(withNew, 'ko')).toThrow('the catalogs have no manifest.command.frobnicate');
  });
});
