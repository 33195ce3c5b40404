import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { PROJECT_ROOT } from '../config/project-root';

export type CardName = 'request-card' | 'status-card' | 'voice-state-card' | 'operation-form' | 'runbook-card' | 'bulk-summary-card';

export const CARD_NAMES: readonly CardName[] = ['request-card', 'status-card', 'voice-state-card', 'operation-form', 'runbook-card', 'bulk-summary-card'];

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

const CARDS_DIR = join(PROJECT_ROOT, 'cards');
const templates = new Map<CardName, ACData.Template>();

function templateFor(name: CardName): ACData.Template {
  let template = templates.get(name);
  if (!template) {
    template = new ACData.Template(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')));
    templates.set(name, template);
  }
  return template;
}

/** Expands a card template from cards/ with a plain view model. */
export function renderCard(name: CardName, data: object): AdaptiveCard {
  return withoutNulls(templateFor(name).expand({ $root: data })) as AdaptiveCard;
}

// The templating library leaves `null` where a `$when` dropped an object property (refresh, for one); drop it.
function withoutNulls(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutNulls);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node as Record<string, unknown>)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => [key, withoutNulls(value)]),
    );
  }
  return node;
}
