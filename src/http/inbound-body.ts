/** Limits for an inbound activity body, beyond restify's byte cap. */
export interface BodyLimits {
  maxDepth: number;
  maxNodes: number;
}

/** Real Teams activities nest about six levels deep (a card action's data inside value inside the activity). */
export const ACTIVITY_BODY_LIMITS: BodyLimits = { maxDepth: 32, maxNodes: 20_000 };

// Keys that mean "the prototype" to Object.assign and to many merge helpers; no activity field has these names.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a parsed JSON body is refused, or undefined when it is an acceptable object. Walks iteratively, so a
 * 10,000-deep document cannot exhaust the stack here, and stops at the first problem.
 */
export function bodyRefusal(body: unknown, limits: BodyLimits = ACTIVITY_BODY_LIMITS): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body is not a JSON object';
  const pending: { node: unknown; depth: number }[] = [{ node: body, depth: 1 }];
  let nodes = 0;
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limits.maxDepth) return `body nests deeper than ${limits.maxDepth} levels`;
    if (++nodes > limits.maxNodes) return `body has more than ${limits.maxNodes} objects and arrays`;
    for (const key of Object.keys(node)) {
      if (PROTOTYPE_KEYS.has(key)) return `body has a forbidden key "${key}"`;
      pending.push({ node: (node as Record<string, unknown>)[key], depth: depth + 1 });
    }
  }
  return undefined;
}
