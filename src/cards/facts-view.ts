import { renderCard, type AdaptiveCard } from './render-card';

/** A title, name/value lines and a footnote: the layout of every read-only check (voice-state-card.json is generic). */
export function factsCard(title: string, facts: { name: string; value: string }[], footnote: string, fallbackText: string): AdaptiveCard {
  return renderCard('voice-state-card', { title, facts, footnote, fallbackText });
}
