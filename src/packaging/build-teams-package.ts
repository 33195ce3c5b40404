import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import type { Config } from '../config/read-config';
import { PROJECT_ROOT } from '../config/project-root';
import { teamsManifestProblems } from './validate-teams-manifest';
import { localizationFileProblems, manifestLanguages, manifestLocalizationFile } from './manifest-localization';

export class InvalidManifestError extends Error {
  constructor(readonly problems: string[]) {
    super(`the Teams manifest does not match the Teams schema:\n${problems.join('\n')}`);
    this.name = 'InvalidManifestError';
  }
}

/** Placeholder app id for packages built in dev mode; Teams accepts it for sideloading a preview only. */
export const DEV_BOT_ID = '00000000-0000-4000-8000-000000000b07';

/** manifest.json with the bot id and domain filled in from configuration. */
export function renderManifest(config: Pick<Config, 'microsoftAppId' | 'botDomain'>, manifestDir = join(PROJECT_ROOT, 'manifest')): Record<string, unknown> {
  const text = readFileSync(join(manifestDir, 'manifest.json'), 'utf8')
    .replaceAll('${{BOT_ID}}', config.microsoftAppId || DEV_BOT_ID)
    .replaceAll('${{BOT_DOMAIN}}', config.botDomain);
  return JSON.parse(text);
}

/**
 * Writes the zip Teams accepts: manifest.json, color.png, outline.png and one localization file per additional
 * language the manifest names (fr-fr.json, …), written from the message catalogs, all at the root.
 */
export function buildTeamsPackage(config: Pick<Config, 'microsoftAppId' | 'botDomain' | 'dataDir'>, out?: string): string {
  const manifestDir = join(PROJECT_ROOT, 'manifest');
  const manifest = renderManifest(config, manifestDir);
  // Teams rejects an invalid package only at upload time, so refuse to write one.
  const problems = teamsManifestProblems(manifest);
  if (problems.length > 0) throw new InvalidManifestError(problems);
  const translations = manifestLanguages(manifest).map(({ file, locale }) => ({ file, content: manifestLocalizationFile(manifest, locale) }));
  const translationProblems = translations.flatMap(({ file, content }) => localizationFileProblems(content, manifest).map((p) => `${file}: ${p}`));
  if (translationProblems.length > 0) throw new InvalidManifestError(translationProblems);
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  for (const { file, content } of translations) zip.addFile(file, Buffer.from(JSON.stringify(content, null, 2)));
  zip.addFile('color.png', readFileSync(join(manifestDir, 'color.png')));
  zip.addFile('outline.png', readFileSync(join(manifestDir, 'outline.png')));
  const target = resolve(out ?? join(PROJECT_ROOT, 'dist', 'voiceops-teams-app.zip'));
  zip.writeZip(target);
  return target;
}
