import { CosmosClient } from '@azure/cosmos';
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../src/storage/cosmos/cosmosStore';
import { startLocalCosmos, type LocalCosmos } from '../support/localCosmos';
import { answer } from '../support/fixtures';
import type { StatusAnswer } from '../../src/domain/answer';

/** The answers as the version before card heads stored them: one document each, nothing else. */
function legacyDoc(a: StatusAnswer): Record<string, unknown> {
  return { ...a, answerId: a.id, activityKey: `${a.planId}:${a.activityId}` };
}

describe('a Cosmos DB store from the version before card heads', () => {
  let peer: LocalCosmos;
  let databaseId: string;
  let client: CosmosClient;

  beforeAll(async () => {
    peer = await startLocalCosmos();
  });
  afterAll(async () => peer.stop());

  beforeEach(async () => {
    databaseId = `migration-${randomUUID()}`;
    client = new CosmosClient({
      endpoint: peer.endpoint,
      key: peer.key,
      agent: peer.agent,
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    const { database } = await client.databases.createIfNotExists({ id: databaseId });
    await database.containers.createIfNotExists({ id: 'answers', partitionKey: { paths: ['/activityKey'] } });
  });
  afterEach(() => client.dispose());

  const open = () => CosmosStore.connect({ endpoint: peer.endpoint, key: peer.key, databaseId, agent: peer.agent });

  it('finds the latest answer of each card written before, once it has started', async () => {
    const first = answer({ promptId: 'kort-1', answeredAt: '2026-11-01T09:00:00.000Z' });
    const second = answer({ promptId: 'kort-1', answeredAt: '2026-11-02T09:00:00.000Z', status: 'risk' });
    const elsewhere = answer({ activityId: '1a', promptId: 'kort-2', answeredAt: '2026-11-03T09:00:00.000Z' });
    const answers = client.database(databaseId).container('answers');
    for (const a of [second, elsewhere, first]) await answers.items.create(legacyDoc(a));

    const store = await open();
    try {
      expect(await store.answers.lastFromPrompt(first.planId, '2a', 'kort-1')).toEqual({ last: second, count: 2 });
      expect(await store.answers.lastFromPrompt(first.planId, '1a', 'kort-2')).toEqual({ last: elsewhere, count: 1 });
      // The heads are not answers: history and the plan's record hold the three answers alone.
      expect(await store.answers.answerHistory(first.planId, '2a')).toEqual([second, first]);
      expect(await store.answers.allAnswers(first.planId)).toEqual([first, second, elsewhere]);

      // The next answer from the card moves its head on.
      const third = answer({ promptId: 'kort-1', answeredAt: '2026-11-04T09:00:00.000Z', status: 'klar' });
      expect(await store.answers.appendAnswer(third)).toBe('stored');
      expect(await store.answers.lastFromPrompt(first.planId, '2a', 'kort-1')).toEqual({ last: third, count: 3 });
    } finally {
      await store.close();
    }
    // Started again: the migration has run and changes nothing more.
    const again = await open();
    try {
      expect((await again.answers.lastFromPrompt(first.planId, '2a', 'kort-1'))?.count).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('reads past a head whose answer was never written (a crash between the two)', async () => {
    const store = await open();
    try {
      const kept = answer({ promptId: 'kort-1', answeredAt: '2026-11-01T09:00:00.000Z' });
      await store.answers.appendAnswer(kept);
      // The head moved to an answer that never arrived.
      const answers = client.database(databaseId).container('answers');
      const { resource: head } = await answers.item('card:kort-1', `${kept.planId}:2a`).read();
      await answers.items.upsert({
        ...head,
        lastAnswerId: 'aldrig-skrivet',
        lastAnsweredAt: '2026-11-02T09:00:00.000Z',
      });

      expect(await store.answers.lastFromPrompt(kept.planId, '2a', 'kort-1')).toEqual({ last: kept, count: 1 });
    } finally {
      await store.close();
    }
  });
});
