import type { CommandSyntax } from '../domain/parser/command-syntax';
import { parseCommand } from '../domain/parser/parse-command';
import type { CommandHandler, Turn } from './turn';

export type ParseFallback = (turn: Turn, text: string, error: unknown) => Promise<boolean>;

/** Commands registered by name with their syntax; parsing picks the one that matches. */
export class CommandRouter {
  private readonly handlers = new Map<string, { syntax: CommandSyntax; handler: CommandHandler }>();
  private fallback: ParseFallback | undefined;
  // The same array until a command is added, so parsing and help can keep what they derive from it.
  private registered: readonly CommandSyntax[] | undefined;

  /** Gets first go at a parse error (to answer with a form); returns true when it answered. */
  onParseError(fallback: ParseFallback): this {
    this.fallback = fallback;
    return this;
  }

  command(syntax: CommandSyntax, handler: CommandHandler): this {
    if (this.handlers.has(syntax.name)) throw new Error(`command ${syntax.name} registered twice`);
    this.handlers.set(syntax.name, { syntax, handler });
    this.registered = undefined;
    return this;
  }

  syntaxes(): readonly CommandSyntax[] {
    this.registered ??= Object.freeze([...this.handlers.values()].map((h) => h.syntax));
    return this.registered;
  }

  /** Parses and dispatches; a UserError from parsing or handling propagates to the turn's error handler. */
  async handle(turn: Turn, text: string): Promise<void> {
    let parsed;
    try {
      parsed = parseCommand(text, this.syntaxes());
    } catch (error) {
      if (this.fallback && (await this.fallback(turn, text, error))) return;
      throw error;
    }
    const entry = this.handlers.get(parsed.name) as { handler: CommandHandler };
    await entry.handler(turn, parsed.values);
  }
}
