import type { Activity } from 'botbuilder';

export interface TenantGuardOptions {
  allowedChannels: string[];
  allowedTenantIds: string[];
}

/**
 * botbuilder authenticates the channel but does not filter tenants: the reason to refuse an activity whose
 * channel is not allowed or whose tenant is missing, inconsistent or not on the allow-list; undefined to admit it.
 */
export function tenantRefusal(activity: Partial<Activity>, options: TenantGuardOptions): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId;
  return !options.allowedChannels.includes(activity.channelId ?? '')
    ? 'channel not allowed'
    : typeof fromChannelData !== 'string' || typeof fromConversation !== 'string'
      ? 'tenant missing'
      : fromChannelData !== fromConversation
        ? 'tenant fields disagree'
        : !options.allowedTenantIds.includes(fromChannelData)
          ? 'tenant not allowed'
          : undefined;
}
