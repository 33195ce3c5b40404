import type { StateRow } from '../domain/operations/operation';
import { renderCard, type AdaptiveCard } from './render-card';

export function voiceStateText(user: string, rows: StateRow[]): string {
  return `${user}: ${rows.map((r) => `${r.property} = ${r.current}`).join(', ')}`;
}

export function voiceStateCard(user: string, rows: StateRow[], source = 'Get-CsOnlineUser'): AdaptiveCard {
  return renderCard('voice-state-card', {
    title: `Settings of ${user}`,
    facts: rows.map((r) => ({ name: r.property, value: r.current })),
    footnote: `Read from the tenant just now (${source}).`,
    fallbackText: voiceStateText(user, rows),
  });
}
