import { UserError } from '../errors';
import { dynamicKey, msg, type MessageParam } from '../../i18n/message';
import { CATALOGS } from '../../i18n/catalogs';
import { type CommandSyntax, type ParsedCommand, usageOf } from './command-syntax';
import { closestPhrase } from './suggest';
import { tokenSpans, type TokenSpan } from './tokenize';
import { continuesNumber, printable, validateValue, type ValueType } from './value-types';

/** Pure: chat text to a typed command, or a UserError that says what was wrong and what to type. */
export function parseCommand(text: string, syntaxes: readonly CommandSyntax[]): ParsedCommand {
  const trimmed = text.trim();
  const spans = tokenSpans(trimmed);
  const tokens = spans.map((s) => s.value);
  if (tokens.length === 0) {
    throw new UserError('UNKNOWN_COMMAND', msg('parse.empty'), 'help');
  }
  const match = matchSyntax(tokens, syntaxes);
  if (!match) {
    const typed = tokens.slice(0, 3).join(' ').toLowerCase();
    const suggestion = closestPhrase(typed, allPhrases(syntaxes));
    const unknown = printable(tokens.slice(0, 2).join(' '));
    throw new UserError(
      'UNKNOWN_COMMAND',
      suggestion ? msg('parse.unknownWithSuggestion', { typed: unknown, suggestion }) : msg('parse.unknown', { typed: unknown }),
      suggestion,
    );
  }
  return { name: match.syntax.name, values: bindArguments(match.syntax, spans.slice(match.words), trimmed) };
}

/** Every phrase and alias the commands answer to. */
export function allPhrases(syntaxes: readonly CommandSyntax[]): string[] {
  return syntaxes.flatMap((s) => [s.phrase, ...(s.aliases ?? [])]);
}

interface Candidate {
  syntax: CommandSyntax;
  words: string[];
}

// Every turn parses against the same registered list, so its phrases are split and ordered once per list.
const candidatesOf = new WeakMap<readonly CommandSyntax[], Candidate[]>();

function candidates(syntaxes: readonly CommandSyntax[]): Candidate[] {
  let list = candidatesOf.get(syntaxes);
  if (!list) {
    list = syntaxes.flatMap((syntax) => [syntax.phrase, ...(syntax.aliases ?? [])].map((phrase) => ({ syntax, words: phrase.split(' ') })));
    // Longest phrase first, so "my requests" wins over a shorter phrase sharing its first word.
    list.sort((a, b) => b.words.length - a.words.length);
    candidatesOf.set(syntaxes, list);
  }
  return list;
}

/** The command whose phrase (or alias) the words begin with, the longest phrase first, and how many words it took. */
export function matchSyntax(tokens: readonly string[], syntaxes: readonly CommandSyntax[]): { syntax: CommandSyntax; words: number } | undefined {
  const lowered = tokens.map((t) => t.toLowerCase());
  const found = candidates(syntaxes).find(({ words }) => words.every((w, i) => lowered[i] === w));
  return found ? { syntax: found.syntax, words: found.words.length } : undefined;
}

/** The commands a phrase of which begins with these words, the last word possibly cut short ("exchange oa"); in list order. */
export function commandsBegunBy(tokens: readonly string[], syntaxes: readonly CommandSyntax[]): CommandSyntax[] {
  const lowered = tokens.map((t) => t.toLowerCase());
  const last = lowered.length - 1;
  const begun = new Set(
    candidates(syntaxes)
      .filter(({ words }) => lowered.length <= words.length && lowered.every((w, i) => (i === last ? words[i].startsWith(w) : words[i] === w)))
      .map(({ syntax }) => syntax),
  );
  return syntaxes.filter((syntax) => begun.has(syntax));
}

/** The command a text names and what was typed for each of its arguments, not yet validated: what a form shows again. */
export function typedArguments(text: string, syntaxes: readonly CommandSyntax[]): { syntax: CommandSyntax; typed: Record<string, string> } | undefined {
  const trimmed = text.trim();
  const spans = tokenSpans(trimmed);
  const match = matchSyntax(spans.map((s) => s.value), syntaxes);
  return match && { syntax: match.syntax, typed: bindTyped(match.syntax, spans.slice(match.words), trimmed).typed };
}

/**
 * Words bound to arguments as typed: name=value first, then the others in order, the connecting words of a sentence
 * before an argument left out; the words no argument took.
 */
function bindTyped(syntax: CommandSyntax, rest: TokenSpan[], text: string): { typed: Record<string, string>; extra: TokenSpan[] } {
  const typed: Record<string, string> = {};
  const positional: TokenSpan[] = [];
  for (const token of rest) {
    const named = /^([A-Za-z]+)=(.*)$/s.exec(token.value);
    const spec = named && syntax.args.find((a) => a.name.toLowerCase() === named[1].toLowerCase());
    if (named && spec) typed[spec.name] = named[2];
    else positional.push(token);
  }
  for (const [index, spec] of syntax.args.entries()) {
    if (spec.name in typed) continue;
    const left = syntax.args.slice(index).filter((a) => !(a.name in typed));
    // Free text after it would take any number of words, so counting them says nothing.
    const wordsToSpare = !left.some((a) => a.rest) && positional.length > left.length;
    while (!spec.rest && positional.length > 1 && isConnectingWord(positional[0], text) && (!takesPlainWords(spec.type) || wordsToSpare)) {
      positional.shift();
    }
    if (positional.length === 0) break;
    // Free text runs to the end of the line exactly as typed, quotes included.
    typed[spec.name] = spec.rest
      ? text.slice(positional[0].start, positional.splice(0).pop()!.end)
      : spec.type === 'e164' && syntax.args.slice(index + 1).every((later) => later.name in typed)
        ? numberTypedWithSpaces(positional)
        : (positional.shift() as TokenSpan).value;
  }
  return { typed, extra: positional };
}

function bindArguments(syntax: CommandSyntax, rest: TokenSpan[], text: string): Record<string, string | number> {
  const { typed, extra: positional } = bindTyped(syntax, rest, text);
  const values: Record<string, string | number> = {};
  for (const spec of syntax.args) {
    if (spec.name in typed) values[spec.name] = validateValue(spec.type, typed[spec.name], argumentLabel(syntax, spec.name));
  }
  if (positional.length > 0) {
    throw new UserError(
      'TOO_MANY_ARGUMENTS',
      msg('parse.tooMany', { extra: printable(positional.map((t) => t.value).join(' ')), command: syntax.phrase, usage: usageOf(syntax) }),
    );
  }
  const missing = syntax.args.find((a) => a.required && !(a.name in values));
  if (missing) {
    throw new UserError(
      'MISSING_ARGUMENT',
      msg('parse.missing', { command: syntax.phrase, label: argumentLabel(syntax, missing.name), usage: usageOf(syntax), example: syntax.example }),
    );
  }
  return values;
}

/**
 * Words people put between arguments as they would in a sentence: "enable voice for alice@contoso.com with +1…",
 * "assign site alice@contoso.com to SeattlePSTN", "status of request 42". Unquoted, and never the last word.
 */
const CONNECTING_WORDS = new Set(['for', 'to', 'with', 'as', 'at', 'in', 'into', 'from', 'of', 'the', 'user', 'number', 'phone', 'site', 'request']);

function isConnectingWord(token: TokenSpan, text: string): boolean {
  const quoted = text[token.start] === '"' || text[token.start] === "'";
  return !quoted && CONNECTING_WORDS.has(token.value.toLowerCase());
}

/**
 * Types a connecting word could be a value of (a site named "to"): such a word is dropped only when there are more
 * words than arguments left. A UPN, number, name with a dot or request number can never be one, so it always is.
 */
function takesPlainWords(type: ValueType): boolean {
  return type === 'siteName' || type === 'displayName' || type === 'text' || type === 'boolean';
}

/**
 * The last argument a phone number: "+1 425 555 0100" typed without quotes is one number, the words after the "+"
 * word taken while they are digits and separators (anything else is left, and refused as an extra word).
 */
function numberTypedWithSpaces(positional: TokenSpan[]): string {
  const first = (positional.shift() as TokenSpan).value;
  if (!/^(tel:)?\+/i.test(first)) return first;
  const words = [first];
  while (positional.length > 0 && continuesNumber(positional[0].value)) words.push((positional.shift() as TokenSpan).value);
  return words.join(' ');
}

/**
 * How an argument is named in messages ("the user (their UPN)"), from the catalogs: command.<name>.arg.<arg>;
 * a command not in the catalogs yet keeps its syntax's English label.
 */
export function argumentLabel(syntax: CommandSyntax, argument: string): MessageParam {
  const key = `command.${syntax.name}.arg.${argument}`;
  return key in CATALOGS.en ? msg(dynamicKey(key)) : (syntax.args.find((a) => a.name === argument)?.label ?? argument);
}

/** The one-line description of a command in help, from the catalogs: command.<name>.summary (else its English summary). */
export function commandSummary(syntax: CommandSyntax): MessageParam {
  const key = `command.${syntax.name}.summary`;
  return key in CATALOGS.en ? msg(dynamicKey(key)) : syntax.summary;
}
