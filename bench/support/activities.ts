import { ADMIN_CONVERSATION, type Persona, TENANT_ID } from '../../test/support/personas';

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
  return {
    id: `bench-${++counter}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:voiceops-bot', name: 'voiceops' },
    conversation: { id: ADMIN_CONVERSATION, conversationType: 'channel', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-US',
  };
}
