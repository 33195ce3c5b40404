import type { CommandSyntax } from '../domain/parser/command-syntax';
import { usageOf } from '../domain/parser/command-syntax';
import { commandSummary } from '../domain/parser/parse-command';
import type { CommandHandler } from '../bot/turn';

/** `help`: every command with its usage, as text that reads well on a phone. */
export function helpCommand(syntaxes: () => CommandSyntax[]): CommandHandler {
  return async (turn) => {
    // Command words stay English (they are what is typed); the descriptions are in the reader's language.
    const lines = syntaxes().map((s) => turn.t.t('help.line', { usage: usageOf(s), summary: commandSummary(s) }));
    await turn.reply([turn.t.t('help.heading'), ...lines].join('\n'));
  };
}
