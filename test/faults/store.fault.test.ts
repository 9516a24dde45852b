import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { CosmosClient } from '@azure/cosmos';
import { LocalConnector, sentCard } from '../support/connector';
import { Chat, promptSubmission } from '../support/conversation';
import { startTestBot, type TestBot } from '../support/bot';
import { USERS, cardAction, installationUpdate, messageActivity, postActivity } from '../support/teams';
import { TEXT } from '../../src/teams/replies';
import { CONTAINERS } from '../../src/storage/cosmos/cosmosStore';
import { freshDir, report, startBotProcess, startChild, type Child } from './support/harness';

/** A Saturday: nothing is due, so only the requests below touch the store. */
const QUIET = '2026-11-28T10:00:00+01:00';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const result = await work();
  return [result, Date.now() - start];
}

describe('faults in the store', () => {
  const children: Child[] = [];
  let connector: LocalConnector;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.proc.kill('SIGCONT');
      c.proc.kill('SIGKILL');
    }
    await connector.stop();
  });

  it('SQLite locked by another process: liveness, readiness and reading stay fast; only writes wait, and a reference that cannot be written does not fail the turn', async () => {
    const dataDir = freshDir();
    const bot = await startBotProcess({ DATA_DIR: dataDir, INSTANCE_ID: 'vm-1' }, QUIET);
    children.push(bot);
    // Karin has talked to the bot before: her conversation is stored, so /status needs no write.
    await postActivity(bot.ready, installationUpdate(connector.url, USERS.karin, 'add'));
    const chat = new Chat({ url: bot.ready } as TestBot, connector);
    const prompt = (await chat.say(USERS.karin, '/uppdatera', 3)).find((s) => s.body.attachments?.length);

    const lock = await startChild('lockHolder', [join(dataDir, 'atgardsplan.sqlite'), '10000'], {}, 'LOCKED');
    children.push(lock);
    const [health, healthMs] = await timed(() => fetch(`${bot.ready}/healthz`));
    const [ready, readyMs] = await timed(() => fetch(`${bot.ready}/readyz`));
    const before = connector.sent.length;
    const [status, statusMs] = await timed(() =>
      postActivity(bot.ready, messageActivity(connector.url, USERS.karin, '/status')),
    );
    // Johan is new: his reference must be written, which waits for the lock and then gives up,
    // without failing his /status.
    const [johan, newUserMs] = await timed(() =>
      postActivity(bot.ready, messageActivity(connector.url, USERS.johan, '/status')),
    );
    // Karin's answer must be written: it waits for the lock, then she is told nothing was saved.
    const [saved, answerMs] = await timed(() =>
      chat.press(
        USERS.karin,
        'submitStatus',
        promptSubmission(sentCard(prompt!), { status: 'pågår', comment: 'Enligt plan' }),
      ),
    );
    await lock.exited;
    report('SQLite locked by another process (10 s)', { healthMs, readyMs, statusMs, newUserMs, answerMs });
    expect(saved).toMatchObject({ value: TEXT.storeUnavailable });
    expect(answerMs).toBeLessThan(5000);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect([status.status, johan.status]).toEqual([200, 200]);
    const cardsTo = (id: string) =>
      connector.sent.slice(before).filter((s) => s.conversationId === id && s.body.attachments).length;
    // Both got their overview.
    expect([cardsTo('a:personal-user-id-0'), cardsTo('a:personal-user-id-1')]).toEqual([1, 1]);
    expect(healthMs).toBeLessThan(500);
    expect(statusMs).toBeLessThan(1500);
    expect(newUserMs).toBeLessThan(5000);
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  describe('Cosmos DB', () => {
    let peer: Child;
    let bot: TestBot;
    const agent = new Agent({ rejectUnauthorized: false, keepAlive: true });

    beforeEach(async () => {
      peer = await startChild('cosmosPeer', [], {});
      children.push(peer);
      bot = await startTestBot({
        now: QUIET,
        storeSettings: { kind: 'cosmos', endpoint: peer.ready, key: 'dGVzdC1rZXk=', databaseId: 'fault', agent },
      });
      await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    });
    afterEach(async () => {
      peer.proc.kill('SIGCONT');
      await bot.dispose();
    });
    afterAll(() => agent.destroy());

    it('a frozen endpoint: a card action is answered within 5 s in Swedish, /readyz says not ready, /healthz stays up', async () => {
      peer.proc.kill('SIGSTOP');
      const [invoke, invokeMs] = await timed(() =>
        postActivity(bot.url, cardAction(connector.url, USERS.karin, 'showStatus', { target: 'rek2' })),
      );
      const [ready, readyMs] = await timed(() => fetch(`${bot.url}/readyz`));
      const [health, healthMs] = await timed(() => fetch(`${bot.url}/healthz`));
      peer.proc.kill('SIGCONT');
      const [after, afterMs] = await timed(() =>
        postActivity(bot.url, cardAction(connector.url, USERS.karin, 'showStatus', { target: 'rek2' })),
      );
      report('frozen Cosmos DB endpoint', { invokeMs, readyMs, healthMs, afterThawMs: afterMs });

      expect(invoke.status).toBe(200);
      expect(invoke.body).toMatchObject({ value: TEXT.storeUnavailable });
      expect(invokeMs).toBeLessThan(5000);
      expect(ready.status).toBe(503);
      expect(readyMs).toBeLessThan(3000);
      expect(health.status).toBe(200);
      expect(healthMs).toBeLessThan(500);
      expect((after.body as { type: string }).type).toBe('application/vnd.microsoft.card.adaptive');
    }, 60_000);

    it('containers lost from the account are re-created on the next request', async () => {
      const client = new CosmosClient({
        endpoint: peer.ready,
        key: 'dGVzdC1rZXk=',
        agent,
        connectionPolicy: { enableEndpointDiscovery: false },
      });
      for (const id of Object.keys(CONTAINERS)) await client.database('fault').container(id).delete();
      const res = await postActivity(bot.url, messageActivity(connector.url, USERS.karin, '/status'));
      const { resources } = await client.database('fault').containers.readAll().fetchAll();
      client.dispose();
      expect(res.status).toBe(200);
      expect(resources.map((c) => c.id).sort()).toEqual(Object.keys(CONTAINERS).sort());
      expect(connector.sent.at(-1)?.body.attachments).toBeDefined(); // the overview, not an error
    }, 60_000);
  });
});
