import type { CommandSyntax } from '../domain/parser/command-syntax';
import { usageOf } from '../domain/parser/command-syntax';
import { allPhrases, argumentLabel, commandSummary, commandsBegunBy, matchSyntax, parseCommand } from '../domain/parser/parse-command';
import { closestPhrase } from '../domain/parser/suggest';
import { tokenize } from '../domain/parser/tokenize';
import { printable } from '../domain/parser/value-types';
import { withTenantSettings, type Operation, type VoicePath } from '../domain/operations/operation';
import type { ApprovalPolicy } from '../domain/policy/approval-policy';
import type { Actor } from '../domain/requests/request';
import { dynamicKey } from '../i18n/message';
import type { Translator } from '../i18n/translator';
import type { CommandHandler } from '../bot/turn';
import { fenced, replyLines } from '../cards/reply-lines';

export interface HelpDeps {
  /** Every command the router answers, in the order help lists them. */
  syntaxes: () => readonly CommandSyntax[];
  /** Catalog operations: each runs one fixed call, so the example's preview is what would run. */
  operations: readonly Operation[];
  /** Requests that run catalog operations per row (bulk): approvals and undo as any request, no single call to show. */
  composites: readonly Operation[];
  policy: Pick<ApprovalPolicy, 'mayRequest' | 'isApprover' | 'requiredApprovals' | 'expiryMs'>;
  /** The tenant's voice path, which decides the cmdlets a voice operation runs. */
  voicePath: VoicePath;
}

/**
 * `help`: every command with its usage, as text that reads well on a phone. `help <command>` explains one command
 * as this deployment runs it: its arguments, the cmdlets its example would run, the approvals this tenant's policy
 * asks for, whether the asker may use it, and whether it can be undone. `help <first words>` lists the commands
 * they begin ("help exchange oauth").
 */
export function helpCommand(deps: HelpDeps): CommandHandler {
  // The list depends only on the commands and the language: written once per language for each list of commands.
  const written = new WeakMap<readonly CommandSyntax[], Map<string, string>>();
  const commandList = (t: Translator, commands: readonly CommandSyntax[]): string => {
    let byLocale = written.get(commands);
    if (!byLocale) {
      byLocale = new Map();
      written.set(commands, byLocale);
    }
    let text = byLocale.get(t.locale);
    if (text === undefined) {
      text = replyLines([t.t('help.heading'), ...helpLines(t, commands), t.t('help.more')]);
      byLocale.set(t.locale, text);
    }
    return text;
  };

  return async (turn, values) => {
    const commands = deps.syntaxes();
    const topic = typeof values.topic === 'string' ? values.topic : '';
    const tokens = tokenize(topic);
    if (tokens.length === 0) {
      await turn.reply(commandList(turn.t, commands));
      return;
    }
    // "help enable voice alice@contoso.com" is about enable voice: the words after the phrase do not matter.
    const named = matchSyntax(tokens, commands)?.syntax;
    const begun = named ? [named] : commandsBegunBy(tokens, commands);
    if (begun.length === 1) {
      await turn.reply(await commandDetail(turn.t, turn.actor, begun[0], deps));
      return;
    }
    const shown = printable(tokens.join(' '));
    if (begun.length > 1) {
      await turn.reply(replyLines([turn.t.t('help.begunBy', { topic: shown }), ...helpLines(turn.t, begun), turn.t.t('help.more')]));
      return;
    }
    const suggestion = closestPhrase(tokens.join(' ').toLowerCase(), allPhrases(commands));
    await turn.reply(suggestion ? turn.t.t('help.unknownWithSuggestion', { topic: shown, suggestion }) : turn.t.t('help.unknown', { topic: shown }));
  };
}

function helpLines(t: Translator, commands: readonly CommandSyntax[]): string[] {
  // Command words stay English (they are what is typed); the descriptions are in the reader's language.
  return commands.map((s) => t.t('help.line', { usage: usageOf(s), summary: commandSummary(s) }));
}

/** One command in detail, for this asker under this tenant's policy. */
async function commandDetail(t: Translator, actor: Actor, syntax: CommandSyntax, deps: HelpDeps): Promise<string> {
  // The example is parsed like anything typed, so its values are what the command really receives.
  const example = parseCommand(syntax.example, [syntax]).values;
  const lines = [t.t('help.detail.usage', { usage: usageOf(syntax) }), t.text(commandSummary(syntax))];
  if (syntax.aliases?.length) lines.push(t.t('help.detail.aliases', { aliases: syntax.aliases.join(', ') }));
  for (const arg of syntax.args) {
    const facts = { name: arg.name, label: argumentLabel(syntax, arg.name), required: arg.required ? 'yes' : 'no' };
    lines.push(arg.name in example ? t.t('help.detail.argumentExample', { ...facts, example: String(example[arg.name]) }) : t.t('help.detail.argument', facts));
  }
  lines.push(t.t('help.detail.example', { example: syntax.example }));

  const operation = deps.operations.find((op) => op.name === syntax.name);
  const composite = deps.composites.find((op) => op.name === syntax.name);
  const request = operation ?? composite;
  if (!request) return replyLines(lines);
  if (operation) {
    const preview = operation.preview(withTenantSettings(operation, example, deps.voicePath));
    lines.push(t.t(operation.change ? 'help.detail.runs' : 'help.detail.reads'), fenced(preview));
  }
  const changes = Boolean(request.change) || Boolean(composite);
  if (changes) {
    lines.push(
      t.t('help.detail.approvals', {
        required: deps.policy.requiredApprovals(request),
        risk: t.t(dynamicKey(`help.risk.${request.risk}`)),
        hours: Math.round(deps.policy.expiryMs(request) / 3_600_000),
      }),
      // Bulk requests are undone row by row (src/domain/bulk/bulk-undo.ts); an operation by its own undo plan.
      t.t(request.undo || composite ? 'help.detail.undo' : 'help.detail.noUndo'),
    );
  } else {
    lines.push(t.t('help.detail.readOnly'));
  }
  if (!(await deps.policy.mayRequest(actor, request))) lines.push(t.t('help.detail.mayNotUse', { objectId: actor.objectId }));
  else if (changes && (await deps.policy.isApprover(actor, request))) lines.push(t.t('help.detail.mayUseAndApprove'));
  else lines.push(t.t('help.detail.mayUse'));
  return replyLines(lines);
}
