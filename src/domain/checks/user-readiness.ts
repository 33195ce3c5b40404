import type { Translator } from '../../i18n/translator';
import type { LicenseVerdict } from './license-check';

/** One line of the `check user` card; `ok` is undefined for facts that are neither right nor wrong (a site). */
export interface ReadinessFact {
  name: string;
  value: string;
  ok?: boolean;
}

/** What one user needs before they can make and take calls: the facts that fail are the to-do list. */
export function readinessText(t: Translator, user: string, facts: ReadinessFact[]): string {
  const bad = facts.filter((f) => f.ok === false);
  const lines = facts.map((f) => factLine(t, f)).join(t.t('readiness.separator'));
  return bad.length === 0
    ? t.t('readiness.ready', { user, facts: lines })
    : t.t('readiness.notReady', { user, missing: bad.map((f) => f.name.toLocaleLowerCase(t.locale)).join(t.t('readiness.listSeparator')), facts: lines });
}

export function factLine(t: Translator, fact: ReadinessFact): string {
  return t.t('readiness.fact', { name: fact.name, value: factValue(fact) });
}

export function factValue(fact: ReadinessFact): string {
  const mark = fact.ok === undefined ? '' : fact.ok ? '✓ ' : '✗ ';
  return `${mark}${fact.value}`;
}

export function licenseFact(t: Translator, verdict: LicenseVerdict): ReadinessFact {
  const skus = verdict.skus.length ? verdict.skus.join(', ') : t.t('value.none');
  return { name: t.t('readiness.licence'), value: t.t('readiness.licenceValue', { skus, reason: verdict.why }), ok: verdict.ok };
}
