import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { PROJECT_ROOT } from '../config/project-root';

/** The vendored Teams manifest schema (see manifest/schema/SOURCE.md). */
export const TEAMS_MANIFEST_SCHEMA_PATH = join(PROJECT_ROOT, 'manifest', 'schema', 'MicrosoftTeams.v1.17.schema.json');

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Problems of a rendered manifest against the Teams schema, as "path message" lines; empty when valid. */
export function teamsManifestProblems(manifest: unknown): string[] {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(TEAMS_MANIFEST_SCHEMA_PATH, 'utf8')));
  }
  if (compiled(manifest)) return [];
  return (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
