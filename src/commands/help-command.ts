import type { CommandSyntax } from '../domain/parser/command-syntax';
import { usageOf } from '../domain/parser/command-syntax';
import { commandSummary } from '../domain/parser/parse-command';
import type { CommandHandler } from '../bot/turn';

/** `help`: every command with its usage, as text that reads well on a phone. */
export function helpCommand(syntaxes: () => readonly CommandSyntax[]): CommandHandler {
  // The text depends only on the commands and the language: written once per language for each list of commands.
  const written = new WeakMap<readonly CommandSyntax[], Map<string, string>>();
  return async (turn) => {
    const commands = syntaxes();
    let byLocale = written.get(commands);
    if (!byLocale) {
      byLocale = new Map();
      written.set(commands, byLocale);
    }
    let text = byLocale.get(turn.t.locale);
    if (text === undefined) {
      // Command words stay English (they are what is typed); the descriptions are in the reader's language.
      const lines = commands.map((s) => turn.t.t('help.line', { usage: usageOf(s), summary: commandSummary(s) }));
      text = [turn.t.t('help.heading'), ...lines].join('\n');
      byLocale.set(turn.t.locale, text);
    }
    await turn.reply(text);
  };
}
