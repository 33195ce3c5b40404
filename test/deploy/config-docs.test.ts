import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA } from '../../src/config/config-schema';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { renderConfigTable, TABLE_END, TABLE_START, withConfigTable } from '../../src/docs/config-table';

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');

// Process variables that are not configuration of voiceops itself.
const NOT_CONFIGURATION = new Set(['PATH', 'HOME']);

/** Every `env.NAME` / `env['NAME']` a config module reads. */
function variablesReadBy(source: string): string[] {
  const names = [...source.matchAll(/\benv(?:\.([A-Z][A-Za-z0-9_]*)|\[['"]([A-Za-z_][A-Za-z0-9_]*)['"]\])/g)].map((m) => m[1] ?? m[2]);
  return [...new Set(names)].filter((name) => !NOT_CONFIGURATION.has(name));
}

describe('configuration documentation', () => {
  it('describes every environment variable the code reads, and nothing it does not', () => {
    const read_ = [
      ...variablesReadBy(read('src/config/read-config.ts')),
      ...variablesReadBy(read('src/adapters/powershell/resolve-pwsh-path.ts')),
      // `voiceops worker` settings (scale-out) are read next to the worker.
      ...variablesReadBy(read('src/worker/worker-config.ts')),
    ].sort();
    expect(read_.length).toBeGreaterThan(15);
    expect(CONFIG_SCHEMA.map((v) => v.name).sort()).toEqual([...new Set(read_)].sort());
  });

  it('lists each variable once', () => {
    const names = CONFIG_SCHEMA.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the README table exactly as `npm run docs:config` generates it', () => {
    const readme = read('README.md');
    expect(readme).toContain(TABLE_START);
    expect(readme).toContain(TABLE_END);
    expect(withConfigTable(readme)).toBe(readme);
    for (const variable of CONFIG_SCHEMA) expect(readme).toContain(`\`${variable.name}\``);
  });

  it('notices a README table that drifted from the schema', () => {
    const readme = withConfigTable(read('README.md'));
    const drifted = readme.replace('| `PORT` |', '| `PORT_NUMBER` |');
    expect(withConfigTable(drifted)).not.toBe(drifted);
    expect(renderConfigTable([])).toBe('| Group | Variable | What it does | Default |\n|---|---|---|---|');
  });

  it('has every variable in .env.example', () => {
    const example = read('.env.example');
    for (const variable of CONFIG_SCHEMA) expect(example).toMatch(new RegExp(`^${variable.name}=`, 'm'));
  });
});
