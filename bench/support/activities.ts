import { type Persona, teamsEnvelope } from '../../test/support/personas';

/** A Teams message activity as the connector posts it to /api/messages. */
export function teamsMessage(from: Persona, text: string, serviceUrl: string): Record<string, unknown> {
  return { ...envelope(from, serviceUrl), type: 'message', text };
}

/** The invoke Teams sends when someone clicks an Action.Execute button. */
export function teamsCardAction(from: Persona, serviceUrl: string, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    ...envelope(from, serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

let counter = 0;
function envelope(from: Persona, serviceUrl: string): Record<string, unknown> {
  return teamsEnvelope(from, { id: `bench-${++counter}`, serviceUrl });
}
