import type { CommandSyntax } from '../domain/parser/command-syntax';
import { usageOf } from '../domain/parser/command-syntax';
import type { CommandHandler } from '../bot/turn';

/** `help`: every command with its usage, as text that reads well on a phone. */
export function helpCommand(syntaxes: () => CommandSyntax[]): CommandHandler {
  return async (turn) => {
    const lines = syntaxes().map((s) => `- **${usageOf(s)}**: ${s.summary}`);
    await turn.reply(['Commands:', ...lines].join('\n'));
  };
}
