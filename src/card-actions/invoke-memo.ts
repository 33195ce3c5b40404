import { canonicalJson } from '../domain/canonical-json';
import type { Actor } from '../domain/requests/request';
import type { CardActionHandler, CardActionResult } from './decide-action';

/** Teams retries a slow invoke after about 5 s, a few times; a minute covers the retries and double clicks. */
export const DEFAULT_TTL_MS = 60_000;

/**
 * Teams retries an invoke it has not heard back from within 5 s, and people double-click. The same
 * person sending the same action with the same data gets the very same answer, computed once: concurrent
 * twins share one promise, and later ones read it back until it ages out. (After that, or after a restart,
 * the domain still treats a repeated decision as already recorded, so nothing changes either way.)
 */
export class InvokeMemo {
  private readonly answers = new Map<string, { at: number; answer: Promise<CardActionResult> }>();

  constructor(private readonly options: { ttlMs?: number; now?: () => number } = {}) {}

  wrap(verb: string, handler: CardActionHandler): CardActionHandler {
    return (actor, data, context) => this.once(verb, actor, data, () => handler(actor, data, context));
  }

  private once(verb: string, actor: Actor, data: Record<string, unknown>, compute: () => Promise<CardActionResult>): Promise<CardActionResult> {
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? DEFAULT_TTL_MS;
    for (const [key, entry] of this.answers) if (now - entry.at >= ttl) this.answers.delete(key);
    const key = canonicalJson({ verb, actor: actor.objectId, data });
    const known = this.answers.get(key);
    if (known) return known.answer;
    const answer = compute();
    this.answers.set(key, { at: now, answer });
    // A refusal is shared by concurrent twins only: a later try is judged afresh (and audited again).
    answer.catch(() => this.answers.delete(key));
    return answer;
  }
}
