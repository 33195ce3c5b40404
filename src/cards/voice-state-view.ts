import type { StateRow } from '../domain/operations/operation';
import type { Translator } from '../i18n/translator';
import { renderCard, type AdaptiveCard } from './render-card';
import { readableValue, stateValue } from './request-view';

/** "alice@contoso.com: EnterpriseVoiceEnabled = True, ...": property names and values as the tenant has them. */
export function voiceStateText(t: Translator, user: string, rows: StateRow[]): string {
  return t.t('voiceState.summary', { subject: user, settings: rows.map((r) => `${r.property} = ${stateValue(t, r.current)}`).join(', ') });
}

export function voiceStateCard(t: Translator, user: string, rows: StateRow[], source = 'Get-CsOnlineUser'): AdaptiveCard {
  return renderCard('voice-state-card', {
    title: t.t('card.voiceState.title', { user }),
    facts: rows.map((r) => ({ name: r.property, value: readableValue(t, r.current) })),
    footnote: t.t('card.voiceState.footnote', { source }),
    fallbackText: voiceStateText(t, user, rows),
  });
}
