import type { StateRow } from '../domain/operations/operation';
import { renderCard, type AdaptiveCard } from './render-card';

export function voiceStateText(user: string, rows: StateRow[]): string {
  return `${user}: ${rows.map((r) => `${r.property} = ${r.current}`).join(', ')}`;
}

export function voiceStateCard(user: string, rows: StateRow[]): AdaptiveCard {
  return renderCard('voice-state-card', {
    title: `Voice settings of ${user}`,
    facts: rows.map((r) => ({ name: r.property, value: r.current })),
    footnote: 'Read from the tenant just now (Get-CsOnlineUser).',
    fallbackText: voiceStateText(user, rows),
  });
}
