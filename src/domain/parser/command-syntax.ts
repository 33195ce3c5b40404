import type { ValueType } from './value-types';

export interface ArgumentSpec {
  name: string;
  type: ValueType;
  required: boolean;
  /** Words used in messages: "the user", "the phone number". */
  label: string;
  /** Takes every remaining word (a free-text reason, for example). */
  rest?: boolean;
}

/** What a chat command looks like: its words, aliases and arguments, with help text. */
export interface CommandSyntax {
  name: string;
  phrase: string;
  aliases?: string[];
  args: ArgumentSpec[];
  summary: string;
  example: string;
}

export interface ParsedCommand {
  name: string;
  values: Record<string, string | number>;
}

/** `enable voice <user> [<number>]` */
export function usageOf(syntax: CommandSyntax): string {
  const args = syntax.args.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`));
  return [syntax.phrase, ...args].join(' ');
}
