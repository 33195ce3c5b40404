import { CONFIG_SCHEMA, type EnvVarSpec } from '../config/config-schema';
import { endMarker, startMarker, withGeneratedSection } from './generated-section';

export const TABLE_START = startMarker('config-table', '`npm run docs:config` from src/config/config-schema.ts');
export const TABLE_END = endMarker('config-table');

/** The Markdown table of every environment variable, grouped as in the schema. */
export function renderConfigTable(schema: readonly EnvVarSpec[] = CONFIG_SCHEMA): string {
  const rows = schema.map((v) => {
    const notes = [v.requiredInProduction && 'required in production', v.secret && 'secret'].filter(Boolean).join(', ');
    return `| ${v.group} | \`${v.name}\` | ${cell(v.description)}${notes ? ` *(${notes})*` : ''} | ${v.default ? cell(v.default) : '—'} |`;
  });
  return ['| Group | Variable | What it does | Default |', '|---|---|---|---|', ...rows].join('\n');
}

/** The document with the text between the markers replaced by the generated table. */
export function withConfigTable(document: string, table = renderConfigTable()): string {
  return withGeneratedSection(document, 'config-table', table);
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}
