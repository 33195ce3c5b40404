import Ajv from 'ajv';
import { POLICY_SCHEMA, type Policy } from './policy';

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

const validate = new Ajv({ allErrors: true }).compile<Policy>(POLICY_SCHEMA);

/** Parses and validates policy text; every problem is named by its JSON path and line. */
export function parsePolicy(text: string, source = 'policy'): Policy {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => {
      const path = e.instancePath || '/';
      return `${source}:${lineOf(text, e.instancePath)} ${path} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`;
    });
    throw new PolicyError(`invalid policy\n${problems.join('\n')}`);
  }
  return data;
}

// Finds the line of the last key in a JSON pointer; good enough to point a person at the right place.
function lineOf(text: string, pointer: string): number {
  const key = pointer.split('/').filter(Boolean).reverse().find((part) => !/^\d+$/.test(part));
  if (!key) return 1;
  const index = text.indexOf(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`);
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}
