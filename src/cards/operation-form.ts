import type { Operation } from '../domain/operations/operation';
import { type CommandSyntax, usageOf } from '../domain/parser/command-syntax';
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
  errorMessage: string;
  placeholder: string;
  maxLength: number;
}

const FQDN_FIELD: FieldStyle = {
  style: 'text',
  regex: '^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$',
  errorMessage: 'Enter a fully qualified domain name such as sbc1.contoso.com.',
  placeholder: 'sbc1.contoso.com',
  maxLength: 253,
};

const FIELD_STYLES: Record<string, FieldStyle> = {
  upn: {
    style: 'email',
    regex: "^[A-Za-z0-9][A-Za-z0-9._'!#^~+-]{0,63}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
    errorMessage: 'Enter a user principal name such as alice@contoso.com.',
    placeholder: 'alice@contoso.com',
    maxLength: 113,
  },
  e164: {
    style: 'tel',
    regex: '^(tel:)?\\+[1-9][0-9]{6,14}$',
    errorMessage: 'Enter an E.164 number: + then the country code and number, no spaces, for example +14255550100.',
    placeholder: '+14255550100',
    maxLength: 19,
  },
  fqdn: FQDN_FIELD,
  domain: FQDN_FIELD,
  requestNumber: { style: 'text', regex: '^#?[1-9][0-9]{0,9}$', errorMessage: 'Enter a request number such as 42.', placeholder: '42', maxLength: 11 },
  text: { style: 'text', regex: '^[\\s\\S]{1,500}$', errorMessage: 'Enter at most 500 characters.', placeholder: '', maxLength: 500 },
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
  operation: Pick<Operation, 'name' | 'syntax' | 'change'>,
  state: FormState,
  submit: { verb: string; title?: string } = { verb: 'submit-form' },
): AdaptiveCard {
  const syntax: CommandSyntax = operation.syntax;
  const fields = syntax.args.map((arg) => {
    const style = FIELD_STYLES[arg.type] ?? FIELD_STYLES.text;
    const choices = state.choices[arg.type];
    const label = arg.label.charAt(0).toUpperCase() + arg.label.slice(1);
    return {
      kind: choices && choices.length > 0 ? 'choice' : 'text',
      id: fieldId(arg.name),
      label,
      required: arg.required,
      regex: style.regex,
      errorMessage: style.errorMessage,
      placeholder: style.placeholder || label,
      style: style.style,
      maxLength: style.maxLength,
      value: state.values[arg.name] ?? '',
      choices: choices ?? [],
      fieldError: state.errors[arg.name] ?? '',
    };
  });
  const needsApproval = Boolean(operation.change);
  return renderCard('operation-form', {
    title: syntax.phrase.charAt(0).toUpperCase() + syntax.phrase.slice(1),
    summary: syntax.summary,
    problem: state.problem ?? '',
    fields,
    footnote: `Or type it: ${usageOf(syntax)}, for example ${syntax.example}`,
    submitTitle: submit.title ?? (needsApproval ? 'Ask for approval' : 'Check now'),
    submitVerb: submit.verb,
    operation: operation.name,
    fallbackText: `${state.problem ? `${state.problem} ` : ''}Usage: ${usageOf(syntax)}, for example ${syntax.example}`,
  });
}
