import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { type ConfiguredLocales, translatorFor } from '../i18n/activity-translator';
import type { RateLimits } from '../config/read-config';
import type { Logger } from '../logging/logger';
import type { Clock } from '../security/clock';
import { TokenBuckets } from '../security/token-bucket';

/**
 * Per-user and per-tenant token buckets on inbound turns, after authentication and the tenant guard (so the
 * keys are trusted). A refused message gets one friendly reply per burst, not one per message, so a flood
 * cannot turn the bot into an amplifier; a refused card click always gets its answer in the invoke response.
 */
export function rateLimit(options: { limits: RateLimits; clock: Clock; logger: Logger; locales?: ConfiguredLocales }): Middleware {
  const users = new TokenBuckets({ capacity: options.limits.userBurst, perMinute: options.limits.userPerMinute }, options.clock);
  const tenants = new TokenBuckets({ capacity: options.limits.tenantBurst, perMinute: options.limits.tenantPerMinute }, options.clock);
  const told = new Set<string>();
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const activity = context.activity;
      const tenant = activity.conversation?.tenantId ?? '';
      const user = `${tenant}/${activity.from?.aadObjectId ?? activity.from?.id ?? ''}`;
      if (users.available(user) >= 1 && tenants.available(tenant) >= 1) {
        users.tryTake(user);
        tenants.tryTake(tenant);
        told.delete(user);
        await next();
        return;
      }
      const scope = users.available(user) < 1 ? 'user' : 'tenant';
      const seconds = Math.max(1, Math.ceil((scope === 'user' ? users.waitMs(user) : tenants.waitMs(tenant)) / 1000));
      options.logger.warn('rate limited', { scope, tenant, type: activity.type });
      // Refused before the bot's turn, so the words come from the activity here (same rule as every turn).
      const t = translatorFor(activity, options.locales);
      const text = t.t(scope === 'user' ? 'rateLimit.user' : 'rateLimit.tenant', { seconds });
      if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text } },
        });
      } else if (activity.type === ActivityTypes.Message && !told.has(user)) {
        if (told.size > 10_000) told.clear();
        told.add(user);
        await context.sendActivity(text);
      }
    },
  };
}
