import { CosmosClient } from '@azure/cosmos';
import { LocalConnector, sentCard } from '../support/connector';
import { Chat, promptSubmission } from '../support/conversation';
import { startTestBot, type TestBot } from '../support/bot';
import { startLocalCosmos, type LocalCosmos } from '../support/localCosmos';
import { CosmosFaultProxy } from '../support/cosmosFaultProxy';
import { USERS, installationUpdate, postActivity } from '../support/teams';
import { TEXT } from '../../src/teams/replies';

/**
 * An owner saves an answer over the real endpoint while Cosmos DB (the local peer behind a fault
 * proxy) loses or refuses the write: the reply says what is true of the store afterwards.
 */
describe('saving an answer while Cosmos DB fails writes, over HTTP', () => {
  let peer: LocalCosmos;
  let proxy: CosmosFaultProxy;
  let connector: LocalConnector;
  let bot: TestBot;
  let chat: Chat;
  let client: CosmosClient;

  beforeAll(async () => {
    peer = await startLocalCosmos();
    proxy = await new CosmosFaultProxy(peer.endpoint).start();
  });
  afterAll(async () => {
    await proxy.stop();
    await peer.stop();
  });
  beforeEach(async () => {
    connector = await new LocalConnector().start();
    const databaseId = `faults-${Math.random().toString(36).slice(2)}`;
    bot = await startTestBot({
      storeSettings: { kind: 'cosmos', endpoint: proxy.endpoint, key: peer.key, databaseId, agent: peer.agent },
    });
    client = new CosmosClient({
      endpoint: peer.endpoint,
      key: peer.key,
      agent: peer.agent,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    chat = new Chat(bot, connector);
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    storedAnswers = async () =>
      // The answers themselves: the container also holds each card's head and its layout marker.
      (
        await client
          .database(databaseId)
          .container('answers')
          .items.query('SELECT * FROM c WHERE IS_DEFINED(c.answerId)')
          .fetchAll()
      ).resources;
  });
  afterEach(async () => {
    proxy.rule = () => undefined;
    client.dispose();
    await bot.dispose();
    await connector.stop();
  });
  let storedAnswers: () => Promise<unknown[]>;

  async function promptCard(): Promise<Record<string, unknown>> {
    const sent = await chat.say(USERS.karin, '/uppdatera 2a', 1);
    return sentCard(sent.find((s) => s.body.attachments?.length)!);
  }
  const press = (card: Record<string, unknown>) =>
    chat.press(USERS.karin, 'submitStatus', promptSubmission(card, { status: 'pågår', comment: 'Enligt plan' }));
  const isReceipt = (body: { type: string }) => body.type === 'application/vnd.microsoft.card.adaptive';
  const answersWrite = (w: { container: string | undefined; method: string }) =>
    w.container === 'answers' && w.method === 'POST';

  it('a 503 after Cosmos DB stored the answer: read back, and the owner is told it is saved (not "Ingenting har sparats")', async () => {
    const card = await promptCard();
    proxy.rule = (w) => (answersWrite(w) ? 'lostAfter' : undefined);
    const reply = await press(card);
    expect(proxy.counts.lostAfter).toBeGreaterThan(0);
    expect(reply.value).not.toBe(TEXT.storeUnavailable);
    expect(isReceipt(reply)).toBe(true);
    expect(await storedAnswers()).toHaveLength(1);
  });

  it('a 503 before it was stored: written again under the same id, saved once', async () => {
    const card = await promptCard();
    let first = true;
    proxy.rule = (w) => (answersWrite(w) && first ? ((first = false), 'lostBefore') : undefined);
    const reply = await press(card);
    expect(isReceipt(reply)).toBe(true);
    expect(await storedAnswers()).toHaveLength(1);
  });

  it('a 429 refuses the write outright: the owner is told nothing was saved, and nothing was', async () => {
    const card = await promptCard();
    proxy.rule = (w) => (answersWrite(w) ? 'throttled' : undefined);
    const reply = await press(card);
    expect(reply).toMatchObject({ value: TEXT.storeUnavailable });
    expect(await storedAnswers()).toHaveLength(0);
  });

  it('stored, then the store fails every write and read: "not yet known"; Spara again when it is back stores nothing twice', async () => {
    const card = await promptCard();
    let dark = false;
    let posts = 0;
    proxy.rule = (w) => {
      // An answer is two creates in its container: the card's head, then the answer itself. The
      // store goes dark with the second, after applying it.
      if (!dark && !(answersWrite(w) && ++posts === 2)) return undefined;
      dark = true;
      return 'lostAfter';
    };
    // Reads fail too while the store is dark: the read-back cannot tell.
    proxy.failReads = () => dark;
    const reply = await press(card);
    expect(reply).toMatchObject({ value: TEXT.answerOutcomeUnknown('2a') });
    expect(await storedAnswers()).toHaveLength(1);

    proxy.rule = () => undefined;
    proxy.failReads = () => false;
    const again = await press(card);
    expect(isReceipt(again)).toBe(true);
    expect(await storedAnswers()).toHaveLength(1);
  });

  it.each(['lostAfter', 'lostBefore', 'throttled'] as const)(
    'a bot started while Cosmos DB fails its first writes (%s) waits for the store, seeds the deployment once and answers',
    async (fault) => {
      const databaseId = `start-${Math.random().toString(36).slice(2)}`;
      const before = proxy.counts[fault];
      let failing = 3;
      proxy.rule = () => (failing-- > 0 ? fault : undefined);
      const starting = await startTestBot({
        storeSettings: { kind: 'cosmos', endpoint: proxy.endpoint, key: peer.key, databaseId, agent: peer.agent },
      });
      try {
        proxy.rule = () => undefined;
        expect(proxy.counts[fault] - before).toBeGreaterThan(0); // the start met the failures
        const { resources } = await client
          .database(databaseId)
          .container('planState')
          .items.query("SELECT c.id FROM c WHERE c.id = 'record:deployment'")
          .fetchAll();
        expect(resources).toHaveLength(1);
        const reply = await new Chat(starting, connector).say(USERS.karin, '/status 2a', 1);
        expect(reply.some((s) => s.body.attachments?.length)).toBe(true);
      } finally {
        await starting.dispose();
      }
    },
  );
});
