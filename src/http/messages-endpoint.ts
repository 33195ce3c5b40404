import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import { tenantRefusal, type TenantGuardOptions } from '../bot/tenant-guard';
import type { Logger } from '../logging/logger';
import { type ChannelAuthentication, InboundRefused } from '../security/channel-authentication';
import type { AuthenticatedAdapter } from './authenticated-adapter';
import { bodyRefusal } from './inbound-body';

export interface MessagesEndpointDeps {
  adapter: AuthenticatedAdapter;
  authentication: ChannelAuthentication;
  tenants: TenantGuardOptions;
  logger: Logger;
  /** The turn logic for admitted activities. */
  logic: (context: TurnContext) => Promise<void>;
}

/**
 * POST /api/messages, in the order an attacker meets the checks: body shape (restify already capped the size
 * and answered malformed JSON with 400), botbuilder's JWT validation plus the channel-issuer rule, then channel
 * and tenant; only then does a turn run. Every refusal is logged with its reason and never with the token.
 * This does what CloudAdapter.process does, but refusals go to our logger and get 4xx instead of a console dump.
 */
export function messagesEndpoint(deps: MessagesEndpointDeps): (req: Request, res: Response) => Promise<void> {
  const refuse = (res: Response, status: number, reason: string, fields: Record<string, unknown> = {}) => {
    deps.logger.warn('inbound request refused', { status, reason, ...fields });
    res.send(status, { error: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : reason });
  };
  return async (req, res) => {
    const bodyProblem = bodyRefusal(req.body);
    if (bodyProblem) return refuse(res, 400, bodyProblem);
    const activity = toActivity(req.body as Record<string, unknown>);
    if (!activity) return refuse(res, 400, 'activity has no type');
    const where = { channelId: activity.channelId, type: activity.type };

    let authenticated;
    try {
      authenticated = await deps.authentication.authenticate(activity, String(req.headers.authorization ?? ''));
    } catch (error) {
      if (error instanceof InboundRefused) return refuse(res, error.status, error.message, where);
      deps.logger.error('inbound authentication failed', { ...where, error: error instanceof Error ? error.message : String(error) });
      res.send(503, { error: 'authentication unavailable' });
      return;
    }

    const tenantProblem = tenantRefusal(activity, deps.tenants);
    if (tenantProblem) return refuse(res, 403, tenantProblem, where);

    try {
      const invokeResponse = await deps.adapter.runAuthenticated(authenticated, activity, deps.logic);
      if (invokeResponse?.body !== undefined) res.send(invokeResponse.status ?? 200, invokeResponse.body);
      else res.send(invokeResponse?.status ?? 200);
    } catch (error) {
      deps.logger.error('turn failed', { ...where, error: error instanceof Error ? error.message : String(error) });
      res.send(500, { error: 'internal error' });
    }
  };
}

/** What botbuilder's activity validator does: a type is required, ISO timestamps become Dates. */
function toActivity(body: Record<string, unknown>): Activity | undefined {
  if (typeof body.type !== 'string') return undefined;
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}
