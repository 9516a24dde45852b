import { TeamsAdapter } from '@microsoft/teams-ai';
import { reuseConnectorClients } from '../../src/teams/delivery/reusedConnectors';

interface Claims {
  claims: Array<{ type: string; value: string }>;
}
interface Auth {
  createConnectorFactory(c: Claims): { create(url: string, audience?: string): Promise<unknown> };
  createUserTokenClient(c: Claims): Promise<unknown>;
  getOriginatingAudience(): string;
}
const authOf = (adapter: TeamsAdapter) =>
  (adapter as unknown as { botFrameworkAuthentication: Auth }).botFrameworkAuthentication;

interface Authenticating {
  authenticateRequest(
    activity: unknown,
    header: string,
  ): Promise<{ connectorFactory?: { create(url: string): Promise<unknown> } }>;
}

const bot = (appId: string): Claims => ({
  claims: [
    { type: 'aud', value: appId },
    { type: 'appid', value: appId },
  ],
});

describe('connector clients across turns', () => {
  let adapter: TeamsAdapter;
  let made: string[];
  let tokenClients: number;
  let failNext: boolean;

  beforeEach(() => {
    adapter = new TeamsAdapter({});
    const inner = authOf(adapter);
    made = [];
    tokenClients = 0;
    failNext = false;
    inner.createConnectorFactory = (claims) => ({
      create: async (url, audience) => {
        if (failNext) {
          failNext = false;
          throw new Error('inloggningen misslyckades');
        }
        made.push(`${claims.claims[0]!.value} ${url} ${audience ?? ''}`);
        return { url };
      },
    });
    inner.createUserTokenClient = async () => ({ n: ++tokenClients });
    reuseConnectorClients(adapter);
  });

  it('one client per identity, service URL and audience, however many turns ask for it', async () => {
    const auth = authOf(adapter);
    const first = await auth.createConnectorFactory(bot('app-1')).create('https://smba.example/emea/');
    const again = await auth.createConnectorFactory(bot('app-1')).create('https://smba.example/emea/');
    expect(again).toBe(first);
    await auth.createConnectorFactory(bot('app-1')).create('https://smba.example/amer/');
    await auth
      .createConnectorFactory(bot('app-1'))
      .create('https://smba.example/emea/', 'https://api.botframework.com');
    await auth.createConnectorFactory(bot('app-2')).create('https://smba.example/emea/');
    expect(made).toEqual([
      'app-1 https://smba.example/emea/ ',
      'app-1 https://smba.example/amer/ ',
      'app-1 https://smba.example/emea/ https://api.botframework.com',
      'app-2 https://smba.example/emea/ ',
    ]);
  });

  it('one user token client per identity', async () => {
    const auth = authOf(adapter);
    expect(await auth.createUserTokenClient(bot('app-1'))).toBe(await auth.createUserTokenClient(bot('app-1')));
    await auth.createUserTokenClient(bot('app-2'));
    expect(tokenClients).toBe(2);
  });

  it('a client that could not be made is made again on the next turn', async () => {
    const auth = authOf(adapter);
    failNext = true;
    await expect(auth.createConnectorFactory(bot('app-1')).create('https://smba.example/emea/')).rejects.toThrow(
      'inloggningen misslyckades',
    );
    await auth.createConnectorFactory(bot('app-1')).create('https://smba.example/emea/');
    expect(made).toHaveLength(1);
  });

  it('the clients of requests the adapter authenticated are reused too (a real ConnectorClient, local mode)', async () => {
    const plain = new TeamsAdapter({});
    reuseConnectorClients(plain);
    const auth = (plain as unknown as { botFrameworkAuthentication: Authenticating }).botFrameworkAuthentication;
    const activity = { type: 'invoke', serviceUrl: 'http://127.0.0.1:1/_connector', channelId: 'msteams' };
    const one = await auth.authenticateRequest(activity, '');
    const two = await auth.authenticateRequest(activity, '');
    const client = await one.connectorFactory!.create(activity.serviceUrl);
    expect(client).toBeDefined();
    expect(await two.connectorFactory!.create(activity.serviceUrl)).toBe(client);
    expect(await two.connectorFactory!.create('http://127.0.0.1:2/_connector')).not.toBe(client);
  });
});
