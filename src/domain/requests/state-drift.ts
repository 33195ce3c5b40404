import type { StateRow } from '../operations/operation';

/** A property the request changes whose value is no longer the one the approvers saw on the card. */
export interface StateDrift {
  property: string;
  /** What the card showed as current when the request was filed (and approved). */
  approved: string;
  now: string;
}

/**
 * The approvers approved "current → proposed" as the card showed it. When a property the request changes has since
 * been set to something else (by another request, by hand), running would overwrite a value nobody approved losing;
 * that property has drifted. A property now already at its proposed value has not (the change would leave it), and
 * rows the request leaves alone are not compared: they are shown for context, not changed.
 */
export function driftSinceFiling(approved: readonly StateRow[], now: readonly StateRow[]): StateDrift[] {
  const current = new Map(now.filter((row) => !row.label).map((row) => [row.property, row.current]));
  return approved.flatMap((row) => {
    const value = current.get(row.property);
    if (row.label || row.current === row.proposed || value === undefined) return [];
    if (value === row.current || value === row.proposed) return [];
    return [{ property: row.property, approved: row.current, now: value }];
  });
}

/** "OnPremLineURI: tel:+14255550100 → tel:+14255550199" for each drifted property: tenant words, in any language. */
export function describeDrift(drift: readonly StateDrift[]): string {
  return drift.map((d) => `${d.property}: ${d.approved} → ${d.now}`).join('; ');
}
