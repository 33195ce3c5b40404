import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ReusedConnectorClients } from '../../src/security/reused-connector-clients';

const TEAMS_AMER = 'https://smba.trafficmanager.net/amer/';
const TEAMS_EMEA = 'https://smba.trafficmanager.net/emea/';
const message = { type: 'message', channelId: 'msteams', serviceUrl: TEAMS_AMER } as Activity;

/** A stand-in for botbuilder's authentication that counts what it builds, so a test can see what was reused. */
class CountingAuthentication extends BotFrameworkAuthentication {
  connectorsBuilt = 0;
  userTokenClientsBuilt = 0;
  failNextConnector = false;

  async authenticateRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(): ConnectorFactory {
    return {
      create: async (serviceUrl: string, audience?: string) => {
        if (this.failNextConnector) {
          this.failNextConnector = false;
          throw new Error('token endpoint unreachable');
        }
        this.connectorsBuilt++;
        return { serviceUrl, audience } as unknown as ConnectorClient;
      },
    };
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.userTokenClientsBuilt++;
    return {} as UserTokenClient;
  }
}

const botIdentity = (appId: string) => new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

describe('connector clients reused across turns', () => {
  test('with botbuilder itself: every turn to one service URL gets the same ConnectorClient and UserTokenClient', async () => {
    const reused = new ReusedConnectorClients(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppType: 'MultiTenant' }));
    const first = await reused.authenticateRequest(message, '');
    const second = await reused.authenticateRequest(message, '');
    const client = await first.connectorFactory!.create(TEAMS_AMER, first.audience);
    expect(client.credentials).toBeDefined();
    expect(await second.connectorFactory!.create(TEAMS_AMER, second.audience)).toBe(client);
    // Proactive sends (continueConversation) build their factory from the claims: the same client again.
    expect(await reused.createConnectorFactory(first.claimsIdentity).create(TEAMS_AMER, first.audience)).toBe(client);
    expect(await first.connectorFactory!.create(TEAMS_EMEA, first.audience)).not.toBe(client);
    expect(await reused.createUserTokenClient(first.claimsIdentity)).toBe(await reused.createUserTokenClient(second.claimsIdentity));
  });

  test('a client belongs to one bot app id, service URL and audience', async () => {
    const inner = new CountingAuthentication();
    const reused = new ReusedConnectorClients(inner);
    const bot = reused.createConnectorFactory(botIdentity('bot-a'));
    await bot.create(TEAMS_AMER);
    await bot.create(TEAMS_AMER);
    expect(inner.connectorsBuilt).toBe(1);
    await bot.create(TEAMS_AMER, 'https://api.botframework.us');
    await reused.createConnectorFactory(botIdentity('bot-b')).create(TEAMS_AMER);
    expect(inner.connectorsBuilt).toBe(3);
    await reused.createUserTokenClient(botIdentity('bot-a'));
    await reused.createUserTokenClient(botIdentity('bot-a'));
    await reused.createUserTokenClient(botIdentity('bot-b'));
    expect(inner.userTokenClientsBuilt).toBe(2);
  });

  test('a client that could not be built is built again on the next turn, not cached as a failure', async () => {
    const inner = new CountingAuthentication();
    const factory = new ReusedConnectorClients(inner).createConnectorFactory(botIdentity('bot-a'));
    inner.failNextConnector = true;
    await expect(factory.create(TEAMS_AMER)).rejects.toThrow('token endpoint unreachable');
    await expect(factory.create(TEAMS_AMER)).resolves.toMatchObject({ serviceUrl: TEAMS_AMER });
    expect(inner.connectorsBuilt).toBe(1);
  });

  test('the cache is bounded: past the limit the least recently used client is dropped', async () => {
    const inner = new CountingAuthentication();
    const factory = new ReusedConnectorClients(inner, 2).createConnectorFactory(botIdentity('bot-a'));
    await factory.create('https://one.example/');
    await factory.create('https://two.example/');
    await factory.create('https://one.example/'); // now the most recent
    await factory.create('https://three.example/'); // drops two
    expect(inner.connectorsBuilt).toBe(3);
    await factory.create('https://one.example/');
    expect(inner.connectorsBuilt).toBe(3);
    await factory.create('https://two.example/');
    expect(inner.connectorsBuilt).toBe(4);
  });
});
