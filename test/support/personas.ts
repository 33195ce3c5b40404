import { DEV_TENANT_ID } from '../../src/config/read-config';

export interface Persona {
  id: string;
  aadObjectId: string;
  name: string;
}

/**
 * The people of config/policy.dev.json: Megan requests and approves, Adele approves, Diego only requests, and
 * Lee approves too, so a tenant-wide change (two approvers besides the requester) can be approved in dev mode.
 */
export const MEGAN: Persona = { id: '29:megan', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000a', name: 'Megan Bowen' };
export const ADELE: Persona = { id: '29:adele', aadObjectId: 'bbbbbbbb-0000-4000-8000-00000000000b', name: 'Adele Vance' };
export const LEE: Persona = { id: '29:lee', aadObjectId: 'eeeeeeee-0000-4000-8000-00000000000e', name: 'Lee Gu' };
export const DIEGO: Persona = { id: '29:diego', aadObjectId: 'dddddddd-0000-4000-8000-00000000000d', name: 'Diego Siciliani' };

export const TENANT_ID = DEV_TENANT_ID;
export const ADMIN_CONVERSATION = '19:voice-admins@thread.tacv2';

/**
 * The envelope Teams puts around an inbound activity from `from` in a channel of the dev tenant: add `type` and the
 * rest. `id` must be unique per activity (the bot memoises invokes by it).
 */
export function teamsEnvelope(
  from: Persona,
  options: { id: string; serviceUrl: string; conversationId?: string; locale?: string; localTimezone?: string },
): Record<string, unknown> {
  return {
    id: options.id,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: '28:voiceops-bot', name: 'voiceops' },
    conversation: { id: options.conversationId ?? ADMIN_CONVERSATION, conversationType: 'channel', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: options.locale ?? 'en-US',
    ...(options.localTimezone ? { localTimezone: options.localTimezone } : {}),
  };
}
