import type { Operation } from '../domain/operations/operation';
import { type CommandSyntax, usageOf } from '../domain/parser/command-syntax';
import { argumentLabel, commandSummary } from '../domain/parser/parse-command';
import { OAUTH_PARTS } from '../domain/parser/value-types';
import { dynamicKey } from '../i18n/message';
import type { Translator } from '../i18n/translator';
import { renderCard, type AdaptiveCard } from './render-card';

export interface Choice {
  title: string;
  value: string;
}

/** How one kind of value is asked for. Kinds the table does not know become plain text boxes. */
interface FieldStyle {
  style: 'text' | 'email' | 'tel' | 'url';
  /** A client-side hint only: the server validates every submitted value again. */
  regex: string;
  /** The catalog key of the hint shown when the client-side pattern fails: form.field.<kind>. */
  hint: 'upn' | 'e164' | 'fqdn' | 'requestNumber' | 'text' | 'oauthParts';
  placeholder: string;
  maxLength: number;
  /**
   * A value type whose values are a fixed list picked several at a time (comma-separated, as typed): boxes to tick,
   * titled form.choice.<type>.<value>. The server parses the submitted list like typed text.
   */
  pickSeveral?: readonly string[];
}

const FQDN_FIELD: FieldStyle = {
  style: 'text',
  regex: '^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$',
  hint: 'fqdn',
  placeholder: 'sbc1.contoso.com',
  maxLength: 253,
};

const FIELD_STYLES: Record<string, FieldStyle> = {
  upn: {
    style: 'email',
    regex: "^[A-Za-z0-9][A-Za-z0-9._'!#^~+-]{0,63}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
    hint: 'upn',
    placeholder: 'alice@contoso.com',
    maxLength: 113,
  },
  e164: {
    style: 'tel',
    // Separators as people paste numbers ("+1 (425) 555-0100"); the server keeps the digits and checks E.164.
    regex: '^(tel:)?\\+[1-9][0-9 ().-]{6,28}$',
    hint: 'e164',
    placeholder: '+14255550100',
    maxLength: 19,
  },
  fqdn: FQDN_FIELD,
  domain: FQDN_FIELD,
  requestNumber: { style: 'text', regex: '^#?[1-9][0-9]{0,9}$', hint: 'requestNumber', placeholder: '42', maxLength: 11 },
  text: { style: 'text', regex: '^[\\s\\S]{1,500}$', hint: 'text', placeholder: '', maxLength: 500 },
  oauthParts: { style: 'text', regex: '', hint: 'oauthParts', placeholder: '', maxLength: 200, pickSeveral: [...OAUTH_PARTS, 'all'] },
};

/** The input id of an argument; submitted values come back under these ids. */
export function fieldId(argument: string): string {
  return `arg_${argument}`;
}

export interface FormState {
  /** What was typed or submitted, by argument name, shown again in the form. */
  values: Record<string, string>;
  /** Why a value was refused, by argument name. */
  errors: Record<string, string>;
  /** Choices read from the tenant, by value type (policies, PSTN sites, ...). */
  choices: Record<string, Choice[]>;
  problem?: string;
}

/**
 * The form of an operation, generated from its parameter schema (its syntax's arguments): one input per
 * argument, labelled, required where the command requires it, with the value-type's pattern and error
 * message, or a choice set when the tenant offered choices for that type.
 */
export function operationForm(
  t: Translator,
  operation: Pick<Operation, 'name' | 'syntax' | 'change'>,
  state: FormState,
  submit: { verb: string; title?: string } = { verb: 'submit-form' },
): AdaptiveCard {
  const syntax: CommandSyntax = operation.syntax;
  const fields = syntax.args.map((arg) => {
    const style = FIELD_STYLES[arg.type] ?? FIELD_STYLES.text;
    const label = capitalised(t.text(argumentLabel(syntax, arg.name)));
    const several = style.pickSeveral?.map((value) => ({ title: t.t(dynamicKey(`form.choice.${arg.type}.${value}`)), value }));
    const choices = several ?? state.choices[arg.type];
    const kind = several ? 'several' : choices && choices.length > 0 ? 'choice' : 'text';
    // A choice set shows only one of its choices as picked; anything else typed is named in the field's error.
    const typed = kind === 'choice' && !choices?.some((c) => c.value === state.values[arg.name]) ? '' : (state.values[arg.name] ?? '');
    return {
      kind,
      id: fieldId(arg.name),
      label,
      required: arg.required,
      regex: style.regex,
      errorMessage: t.t(dynamicKey(`form.field.${style.hint}`)),
      placeholder: style.placeholder || label,
      style: style.style,
      maxLength: style.maxLength,
      // Ticked boxes are the listed values, comma-separated without spaces; "key, partner" as typed ticks two.
      value: several ? typed.split(',').map((part) => part.trim().toLowerCase()).filter(Boolean).join(',') : typed,
      choices: choices ?? [],
      fieldError: state.errors[arg.name] ?? '',
    };
  });
  const needsApproval = Boolean(operation.change);
  const usage = { usage: usageOf(syntax), example: syntax.example };
  return renderCard('operation-form', {
    title: syntax.phrase.charAt(0).toUpperCase() + syntax.phrase.slice(1),
    summary: t.text(commandSummary(syntax)),
    problem: state.problem ?? '',
    fields,
    footnote: t.t('form.footnote', usage),
    submitTitle: submit.title ?? t.t(needsApproval ? 'form.askForApproval' : 'form.checkNow'),
    submitVerb: submit.verb,
    operation: operation.name,
    fallbackText: state.problem ? t.t('form.usageWithProblem', { problem: state.problem, ...usage }) : t.t('form.usage', usage),
  });
}

/** First letter upper-case (labels read as sentences in the catalogs); scripts without case are unchanged. */
export function capitalised(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
