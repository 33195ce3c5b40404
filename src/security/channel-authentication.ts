import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  AuthenticationError,
  type BotFrameworkAuthentication,
} from 'botframework-connector';

/** The only issuer whose tokens speak for a Teams user: the Bot Framework channel service. */
export const CHANNEL_TOKEN_ISSUER = AuthenticationConstants.ToBotFromChannelTokenIssuer;

export class InboundRefused extends Error {
  constructor(
    message: string,
    readonly status: 401 | 403,
  ) {
    super(message);
    this.name = 'InboundRefused';
  }
}

/**
 * botbuilder's own JWT validation, plus what it leaves open. botbuilder 4.23 sends any token whose issuer is an
 * Entra issuer down its emulator path, which accepts a token the bot could mint for itself with its own secret
 * (appid = the bot) and skips the serviceUrl check. Such a token must never act as a Teams user, so an
 * authenticated request must carry a channel-issued token whose serviceurl claim is the activity's serviceUrl.
 */
export class ChannelAuthentication {
  constructor(
    private readonly botbuilder: BotFrameworkAuthentication,
    /** Only dev mode, whose botbuilder configuration has no app id, may admit anonymous requests. */
    private readonly allowAnonymous: boolean,
  ) {}

  async authenticate(activity: Activity, authorizationHeader: string): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await this.botbuilder.authenticateRequest(activity, authorizationHeader);
    } catch (error) {
      // jsonwebtoken's own errors (bad signature, alg none, wrong algorithm) are not AuthenticationErrors.
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof AuthenticationError && error.statusCode >= 500) throw error;
      throw new InboundRefused(reason || 'token rejected', 401);
    }
    const identity = result.claimsIdentity;
    // botbuilder's anonymous identity (authentication disabled) carries no claims at all.
    if (identity.claims.length === 0) {
      if (this.allowAnonymous) return result;
      throw new InboundRefused('anonymous request while authentication is required', 401);
    }
    const issuer = identity.getClaimValue(AuthenticationConstants.IssuerClaim);
    if (issuer !== CHANNEL_TOKEN_ISSUER) {
      throw new InboundRefused(`token issuer ${issuer ?? '(none)'} is not the Bot Framework channel service`, 401);
    }
    const serviceUrl = identity.getClaimValue(AuthenticationConstants.ServiceUrlClaim);
    if (!serviceUrl || serviceUrl !== activity.serviceUrl) {
      throw new InboundRefused('serviceurl claim does not match the activity', 401);
    }
    return result;
  }
}
