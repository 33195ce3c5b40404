import type { CommandSyntax } from '../domain/parser/command-syntax';
import { parseCommand } from '../domain/parser/parse-command';
import type { CommandHandler, Turn } from './turn';

/** Commands registered by name with their syntax; parsing picks the one that matches. */
export class CommandRouter {
  private readonly handlers = new Map<string, { syntax: CommandSyntax; handler: CommandHandler }>();

  command(syntax: CommandSyntax, handler: CommandHandler): this {
    if (this.handlers.has(syntax.name)) throw new Error(`command ${syntax.name} registered twice`);
    this.handlers.set(syntax.name, { syntax, handler });
    return this;
  }

  syntaxes(): CommandSyntax[] {
    return [...this.handlers.values()].map((h) => h.syntax);
  }

  /** Parses and dispatches; a UserError from parsing or handling propagates to the turn's error handler. */
  async handle(turn: Turn, text: string): Promise<void> {
    const parsed = parseCommand(text, this.syntaxes());
    const entry = this.handlers.get(parsed.name) as { handler: CommandHandler };
    await entry.handler(turn, parsed.values);
  }
}
