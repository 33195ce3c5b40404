import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { withConfigTable } from './config-table';

/** `npm run docs:config`: regenerates the README's configuration table from the config schema. */
const readme = join(PROJECT_ROOT, 'README.md');
const before = readFileSync(readme, 'utf8');
const after = withConfigTable(before);
if (after !== before) writeFileSync(readme, after);
process.stdout.write(after === before ? 'README.md configuration table is up to date\n' : 'README.md configuration table regenerated\n');
