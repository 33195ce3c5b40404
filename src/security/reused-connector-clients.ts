import type { Activity } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** Service URLs are a handful per cloud region; the bound only stops a misbehaving channel from growing the map. */
export const DEFAULT_CLIENT_LIMIT = 64;

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient and UserTokenClient on every turn and every proactive send:
 * a full HTTP pipeline (header sanitizer, retry, tracing and log policies) and a credentials object each time. Those
 * objects live as long as the turn, so on turns that wait for PowerShell they outlive V8's young generation and pile
 * up in the old one (the bot's RSS grew ~65 MiB over 1,000 turns). Microsoft's guidance for its own SDK is to reuse
 * connector clients per service URL and credentials (botbuilder-dotnet #883, #875), which BotFrameworkAdapter did.
 *
 * This keeps one client per (bot app id, service URL, audience) and one user-token client per app id. Authentication
 * itself is untouched: every inbound request is still validated by botbuilder; only the outbound clients are reused,
 * and their credentials renew their own tokens.
 */
export class ReusedConnectorClients extends BotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly limit = DEFAULT_CLIENT_LIMIT,
  ) {
    super();
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await this.inner.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) };
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.remembered(this.userTokenClients, appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /** botbuilder's factory builds its clients from the claims' app id, so that id is part of the key. */
  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.remembered(this.connectors, `${appId}\n${serviceUrl}\n${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
    };
  }

  /** The cached promise (most recently used last), or a new one; a creation that fails is forgotten, not cached. */
  private remembered<T>(cache: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    const known = cache.get(key);
    if (known) {
      cache.delete(key);
      cache.set(key, known);
      return known;
    }
    const created = create();
    cache.set(key, created);
    created.catch(() => {
      if (cache.get(key) === created) cache.delete(key);
    });
    if (cache.size > this.limit) cache.delete(cache.keys().next().value as string);
    return created;
  }
}

/** The same reading as botbuilder's own: the audience claim for channel tokens, appid for emulator ones. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? ''
  );
}
