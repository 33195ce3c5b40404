import type { CliCommand } from '../cli/cli-command';
import { EXIT_CODES_HELP } from '../cli/cli-program';
import { usageOf, type CommandSyntax } from '../domain/parser/command-syntax';

/** The CLI reference of docs/operations.md: every subcommand with its usage, description and examples. */
export function renderCliReference(commands: readonly CliCommand[]): string {
  const sections = commands.map((c) =>
    [
      `### \`voiceops ${c.name}${c.args ? ` ${c.args}` : ''}\``,
      '',
      `${c.summary} ${c.description}`,
      '',
      '```sh',
      ...c.examples,
      '```',
    ].join('\n'),
  );
  return [...sections, '### Exit codes', '', '```text', EXIT_CODES_HELP.trimEnd(), '```'].join('\n\n');
}

/** The chat command reference: every command the bot's router handles, with its usage and an example. */
export function renderChatReference(syntaxes: readonly CommandSyntax[]): string {
  const rows = syntaxes.map(
    (s) => `| \`${usageOf(s)}\` | ${s.summary.replaceAll('|', '\\|')}${s.aliases?.length ? ` Also: ${s.aliases.map((a) => `\`${a}\``).join(', ')}.` : ''} | \`${s.example}\` |`,
  );
  return ['| Command | What it does | Example |', '|---|---|---|', ...rows].join('\n');
}
