import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { CLI_COMMANDS } from '../../src/cli/commands';
import { PROJECT_ROOT } from '../../src/config/project-root';
import { readConfig } from '../../src/config/read-config';
import type { CommandSyntax } from '../../src/domain/parser/command-syntax';
import { withGeneratedSection } from '../../src/docs/generated-section';
import { renderChatReference, renderCliReference } from '../../src/docs/operations-reference';
import { silentLogger } from '../../src/logging/logger';

const operations = readFileSync(join(PROJECT_ROOT, 'docs', 'operations.md'), 'utf8');

async function handledCommands(): Promise<readonly CommandSyntax[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voiceops-docs-'));
  const app = createApp(readConfig({ VOICEOPS_DATA_DIR: dataDir, PATH: process.env.PATH, HOME: process.env.HOME }), { logger: silentLogger });
  const commands = app.commands();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
  return commands;
}

describe('docs/operations.md', () => {
  test('shows every chat command the bot handles, with an example, as `npm run docs:operations` generates it', async () => {
    const commands = await handledCommands();
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(withGeneratedSection(operations, 'chat-commands', renderChatReference(commands))).toBe(operations);
    for (const command of commands) expect(operations).toContain(`\`${command.example}\``);
  });

  test('shows every voiceops subcommand with its examples, and the exit codes', () => {
    expect(withGeneratedSection(operations, 'cli-commands', renderCliReference(CLI_COMMANDS))).toBe(operations);
    for (const command of CLI_COMMANDS) {
      expect(operations).toContain(`### \`voiceops ${command.name}`);
      expect(command.examples.length).toBeGreaterThan(0);
      for (const example of command.examples) expect(operations).toContain(`${example}\n`);
    }
    expect(operations).toContain('3  check failed');
  });

  test('names every metric the app exports', async () => {
    const { VoiceOpsMetrics } = await import('../../src/observability/metrics');
    const metrics = new VoiceOpsMetrics({});
    const names = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => !n.startsWith('voiceops_process_'));
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) expect(operations).toContain(`\`${name}\``);
  });
});
