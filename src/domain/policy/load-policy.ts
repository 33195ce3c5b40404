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

// Follows the JSON pointer key by key through the text, each key searched after the previous one, so
// `/expiryHours/user-change` lands inside expiryHours and not on an earlier "user-change".
function lineOf(text: string, pointer: string): number {
  let position = 0;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (/^\d+$/.test(part)) continue;
    const index = text.indexOf(`"${part.replace(/~1/g, '/').replace(/~0/g, '~')}"`, position);
    if (index >= 0) position = index;
  }
  return text.slice(0, position).split('\n').length;
}
