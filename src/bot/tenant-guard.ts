import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/logger';

/**
 * botbuilder authenticates the channel but does not filter tenants: this drops any activity whose
 * channel is not allowed or whose tenant is missing, inconsistent or not on the allow-list.
 */
export function tenantGuard(options: { allowedChannels: string[]; allowedTenantIds: string[]; logger: Logger }): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const activity = context.activity;
      const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
      const fromConversation = activity.conversation?.tenantId;
      const reason = !options.allowedChannels.includes(activity.channelId)
        ? 'channel not allowed'
        : typeof fromChannelData !== 'string' || typeof fromConversation !== 'string'
          ? 'tenant missing'
          : fromChannelData !== fromConversation
            ? 'tenant fields disagree'
            : !options.allowedTenantIds.includes(fromChannelData)
              ? 'tenant not allowed'
              : undefined;
      if (reason) {
        options.logger.warn('activity refused', { reason, channelId: activity.channelId, type: activity.type });
        return;
      }
      await next();
    },
  };
}
