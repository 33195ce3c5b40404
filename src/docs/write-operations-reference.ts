import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app';
import { CLI_COMMANDS } from '../cli/commands';
import { PROJECT_ROOT } from '../config/project-root';
import { readConfig } from '../config/read-config';
import { silentLogger } from '../logging/logger';
import { withGeneratedSection } from './generated-section';
import { renderChatReference, renderCliReference } from './operations-reference';

/** `npm run docs:operations`: regenerates the command references in docs/operations.md. */
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-docs-'));
  // The chat commands come from the router the app really builds (dev mode, never started).
  const app = createApp(readConfig({ VOICEOPS_DATA_DIR: dataDir, PATH: process.env.PATH, HOME: process.env.HOME }), { logger: silentLogger });
  const chat = renderChatReference(app.commands());
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  const file = join(PROJECT_ROOT, 'docs', 'operations.md');
  const before = readFileSync(file, 'utf8');
  const after = withGeneratedSection(withGeneratedSection(before, 'chat-commands', chat), 'cli-commands', renderCliReference(CLI_COMMANDS));
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(after === before ? 'docs/operations.md is up to date\n' : 'docs/operations.md regenerated\n');
}

void main();
