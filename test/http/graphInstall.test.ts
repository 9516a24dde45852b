import { Chat } from '../support/conversation';
import { LocalConnector, cardText, sentCard } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { LocalGraph } from '../support/graph';
import { BOT, TENANT, USERS, messageActivity, postActivity } from '../support/teams';
import { readConfig } from '../../src/config/env';

const PLAN = 'ha-familjehem';
const TEAM = { id: '19:enheterna@thread.tacv2', name: 'IFO Enheterna' };
const AT_SLOT = '2026-11-30T09:00:30+01:00';

describe('proactive installation through Microsoft Graph', () => {
  let connector: LocalConnector;
  let graph: LocalGraph;
  let bot: TestBot;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    graph = await new LocalGraph().start();
    bot = await startTestBot({
      now: '2026-11-30T08:30:00+01:00',
      env: {
        GRAPH_TEAMS_APP_ID: graph.teamsAppId,
        GRAPH_TENANT_ID: TENANT,
        GRAPH_BASE_URL: graph.graphBaseUrl,
        TEAMS_SERVICE_URL: connector.url,
      },
      graphCredential: graph.credential(TENANT),
    });
    await bot.scheduler.tick();
  });
  afterEach(async () => {
    await bot.dispose();
    await graph.stop();
    await connector.stop();
  });

  const graphCalls = (userId: string) =>
    graph.requests.filter((r) => r.path.includes(`/users/${userId}/`)).map((r) => `${r.method} ${r.status}`);
  const dispatch = (): Promise<string> => new Chat(bot, connector).dispatch(USERS.anders);

  it('an owner in no team gets the app installed, then the greeting and the prompts in the chat Graph names', async () => {
    graph.behaviour.set(USERS.johan.aadObjectId, 'alreadyInstalled');
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();

    // Installed (201), found and its chat read; for Johan the app was there already (409), which is no failure.
    expect(graphCalls(USERS.karin.aadObjectId)).toEqual(['POST 201', 'GET 200', 'GET 200']);
    expect(graphCalls(USERS.johan.aadObjectId)).toEqual(['POST 409', 'GET 200', 'GET 200']);
    const install = graph.requests.find((r) => r.method === 'POST' && r.path.includes(USERS.karin.aadObjectId));
    expect(install?.body).toEqual({
      'teamsApp@odata.bind': `${graph.graphBaseUrl}/appCatalogs/teamsApps/${graph.teamsAppId}`,
    });
    // Signed in with client credentials at the token endpoint: no Graph call went without its token.
    expect(graph.requests.filter((r) => r.status === 401)).toEqual([]);
    expect(graph.requests.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length).toBeGreaterThan(0);

    const karinChat = graph.chatIdOf(USERS.karin.aadObjectId);
    const karin = connector.sent.filter((s) => s.conversationId === karinChat);
    expect(karin[0]!.body.text).toMatch(/^Hej Karin! .* Du är ansvarig för 1b, 2a och 3b\./);
    expect(karin.slice(1).map((s) => cardText(sentCard(s))).length).toBe(3);
    expect(connector.cardsByConversation().get(graph.chatIdOf(USERS.johan.aadObjectId))).toBe(2);
    // Nothing was created through the Bot Connector: the chat came from the installation.
    expect(connector.created).toEqual([]);

    // The next send uses the stored chat; the app is not installed again.
    graph.requests.length = 0;
    bot.clock.advance(60_000);
    expect(await dispatch()).toContain('Statuskort skickade till 2 av 2 ansvariga (5 kort)');
    expect(graph.requests).toEqual([]);
  });

  it('without admin consent Graph answers 403: the owner is reported with what to do, and not tried again for that send', async () => {
    graph.behaviour.set(USERS.johan.aadObjectId, 'noConsent');
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();
    const johan = (await bot.store.schedule.sends(PLAN, 'prompt:2026-11-30:')).find(
      (s) => s.recipient === USERS.johan.aadObjectId,
    );
    expect(johan).toMatchObject({ outcome: 'unreachable', status: 403, reason: 'noConsent' });
    await bot.scheduler.tick();
    expect(graphCalls(USERS.johan.aadObjectId)).toEqual(['POST 403']);

    bot.clock.advance(60_000);
    expect(await dispatch()).toContain(
      'Kunde inte nås: Johan Ek: appen fick inte installeras via Microsoft Graph (administratörsmedgivande saknas)',
    );
    const before = connector.sent.length;
    await postActivity(bot.url, messageActivity(connector.url, USERS.anders, '/nåbarhet'));
    await connector.waitForSent(before + 1);
    const view = connector.sent.at(-1)!.body.text!;
    expect(view).toContain('✅ Karin Lind: nås i sin chatt med boten.');
    expect(view).toContain('⚠️ Johan Ek: appen fick inte installeras via Microsoft Graph');
    expect(view).toContain('✅ Sara Berg: appen installeras för personen via Microsoft Graph vid första utskicket.');
  });

  it('an owner found in a team is reached from the roster; Graph is only for those no team reaches', async () => {
    connector.rosters.set(TEAM.id, [
      { id: '29:user-id-0', aadObjectId: USERS.karin.aadObjectId, name: USERS.karin.name },
    ]);
    await postActivity(bot.url, {
      ...messageActivity(connector.url, USERS.anders, ''),
      type: 'conversationUpdate',
      text: undefined,
      conversation: { id: TEAM.id, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: TEAM.id, name: TEAM.name } },
      membersAdded: [{ id: BOT.id }],
    });
    bot.clock.set(AT_SLOT);
    await bot.scheduler.tick();
    expect(connector.created.map((c) => c.memberId)).toEqual(['29:user-id-0']);
    expect(graphCalls(USERS.karin.aadObjectId)).toEqual([]);
    expect(graphCalls(USERS.johan.aadObjectId)).toEqual(['POST 201', 'GET 200', 'GET 200']);
  });

  it('Graph needs a tenant: set without one, the bot does not start and says what is missing', () => {
    expect(() => readConfig({ GRAPH_TEAMS_APP_ID: 'x' })).toThrow(
      /GRAPH_TENANT_ID: krävs när GRAPH_TEAMS_APP_ID är satt/,
    );
  });
});
