import type { LicenseVerdict } from './license-check';

/** One line of the `check user` card; `ok` is undefined for facts that are neither right nor wrong (a site). */
export interface ReadinessFact {
  name: string;
  value: string;
  ok?: boolean;
}

/** What one user needs before they can make and take calls: the facts that fail are the to-do list. */
export function readinessText(user: string, facts: ReadinessFact[]): string {
  const bad = facts.filter((f) => f.ok === false);
  const head = bad.length === 0 ? `${user} is ready for voice` : `${user} is not ready for voice: ${bad.map((f) => f.name.toLowerCase()).join(', ')}`;
  return `${head}. ${facts.map(factLine).join('; ')}`;
}

export function factLine(fact: ReadinessFact): string {
  return `${fact.name}: ${factValue(fact)}`;
}

export function factValue(fact: ReadinessFact): string {
  const mark = fact.ok === undefined ? '' : fact.ok ? '✓ ' : '✗ ';
  return `${mark}${fact.value}`;
}

export function licenseFact(verdict: LicenseVerdict): ReadinessFact {
  const skus = verdict.skus.length ? verdict.skus.join(', ') : '(none)';
  return { name: 'Licence', value: `${skus} (${verdict.reason})`, ok: verdict.ok };
}
