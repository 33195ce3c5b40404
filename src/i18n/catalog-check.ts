import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Catalog } from './catalogs';

/** How a message uses one argument: plain text, a number, a plural or a select (with its option names). */
type ArgumentUse = string;

/** Every argument a message uses and how, e.g. { id: 'argument', required: 'plural', decision: 'select:approve|reject|other' }. */
export function argumentsOf(source: string): Record<string, ArgumentUse> {
  const found: Record<string, ArgumentUse> = {};
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      switch (element.type) {
        case TYPE.argument:
          found[element.value] ??= 'argument';
          break;
        case TYPE.number:
          found[element.value] = 'number';
          break;
        case TYPE.date:
        case TYPE.time:
          found[element.value] = TYPE[element.type];
          break;
        case TYPE.select:
          // Select options are the values the code passes, so every language must offer the same ones.
          found[element.value] = `select:${Object.keys(element.options).sort().join('|')}`;
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.plural:
          // Plural categories differ by language (Korean and Chinese have only "other"); the argument must not.
          found[element.value] = element.pluralType === 'ordinal' ? 'selectordinal' : 'plural';
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.tag:
          walk(element.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(source, { ignoreTag: true }));
  return found;
}

/**
 * What is wrong with a set of catalogs, compared to the reference one: keys missing or extra, messages that do
 * not parse, arguments (names, plural/select use, select options) that differ, plurals without "other".
 */
export function catalogProblems(reference: Catalog, catalogs: Record<string, Catalog>): string[] {
  const problems: string[] = [];
  const referenceArgs = new Map<string, Record<string, ArgumentUse>>();
  for (const [key, source] of Object.entries(reference)) {
    try {
      referenceArgs.set(key, argumentsOf(source));
    } catch (error) {
      problems.push(`reference ${key}: does not parse (${String(error)})`);
    }
  }
  for (const [locale, catalog] of Object.entries(catalogs)) {
    for (const key of Object.keys(reference)) if (!(key in catalog)) problems.push(`${locale}: missing ${key}`);
    for (const [key, source] of Object.entries(catalog)) {
      if (!(key in reference)) {
        problems.push(`${locale}: ${key} is not in the reference catalog`);
        continue;
      }
      let args: Record<string, ArgumentUse>;
      try {
        args = argumentsOf(source);
      } catch (error) {
        problems.push(`${locale} ${key}: does not parse (${String(error)})`);
        continue;
      }
      const expected = referenceArgs.get(key) ?? {};
      const names = new Set([...Object.keys(expected), ...Object.keys(args)]);
      for (const name of names) {
        if (expected[name] !== args[name]) {
          problems.push(`${locale} ${key}: argument {${name}} is ${args[name] ?? 'missing'}, reference has ${expected[name] ?? 'none'}`);
        }
      }
      if (/\{\s*\w+\s*,\s*plural\s*,/.test(source) && !/\bother\s*\{/.test(source)) problems.push(`${locale} ${key}: plural without "other"`);
    }
  }
  return problems;
}
