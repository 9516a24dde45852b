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
import fc from 'fast-check';
import { CosmosStore } from '../../src/storage/cosmos/cosmosStore';
import { startLocalCosmos, type LocalCosmos } from '../support/localCosmos';
import { CosmosFaultProxy, share, type FaultRule } from '../support/cosmosFaultProxy';
import { syntheticDeployment, syntheticTeamsUser, syntheticUser } from '../support/synthetic';
import {
  freshDir,
  report,
  seed,
  sleep,
  startBotProcess,
  startChild,
  tally,
  until,
  type Child,
} from './support/harness';

/** `npm run bench:faults`: every variant at a larger scale; CI runs one drawn variant. */
const LONG = process.env.FAULT_LONG === '1';

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

/** A share of Cosmos DB's writes failing, during a fan-out and the weekly summary, with the bot in its own process. */
describe('Cosmos DB failing a share of its writes (a fault proxy in front of the local peer)', () => {
  const PLAN = 'syntetisk';
  const BEFORE_SLOT = '2026-11-30T08:59:59+01:00';
  const SAME_TICK = {
    prompts: { cron: '0 9 * * 1', everyWeeks: 1, anchor: '2026-11-30' },
    reminders: { afterWorkingDays: 3, max: 2 },
    summary: { cron: '0 9 * * 1' },
  };
  const children: Child[] = [];
  let connector: LocalConnector;
  let peer: LocalCosmos;
  let proxy: CosmosFaultProxy;
  let databaseId: string;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    peer = await startLocalCosmos();
    proxy = await new CosmosFaultProxy(peer.endpoint).start();
    databaseId = `fault-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.proc.kill('SIGKILL');
    await connector.stop();
    await proxy.stop();
    await peer.stop();
  });

  const direct = () => CosmosStore.connect({ endpoint: peer.endpoint, key: peer.key, databaseId, agent: peer.agent });

  async function seedCosmos(owners: number): Promise<void> {
    const store = await direct();
    await seed(store, owners, PLAN, connector.url);
    for (const job of ['prompts', 'summary'] as const) {
      await store.schedule.saveJobCursor({ planId: PLAN, job, lastDueAt: '2026-11-30T07:00:00.000Z' }, undefined);
    }
    await store.close();
  }

  /** What an owner was told when saving: the receipt card, "nothing saved", or "not yet known". */
  type Told = 'saved' | 'nothingSaved' | 'unknown' | `other: ${string}`;
  const activityOf = (card: Record<string, unknown>): string =>
    String((promptSubmission(card, {}) as { activityId?: unknown }).activityId);
  async function answer(url: string, i: number): Promise<Told> {
    const sent = connector.sent.find((s) => s.conversationId === `a:owner-${i}` && s.body.attachments?.length);
    const card = sentCard(sent!);
    const res = await postActivity(
      url,
      cardAction(
        connector.url,
        syntheticTeamsUser(i),
        'submitStatus',
        promptSubmission(card, { status: 'pågår', comment: `Svar från chef ${i}` }),
      ),
    );
    const body = res.body as { type?: string; value?: unknown };
    if (body.type === 'application/vnd.microsoft.card.adaptive') return 'saved';
    if (body.value === TEXT.storeUnavailable) return 'nothingSaved';
    if (body.value === TEXT.answerOutcomeUnknown(activityOf(card))) return 'unknown';
    // Kept in the history; the current status follows on the next try.
    if (body.value === TEXT.answerSavedNotCurrent(activityOf(card))) return 'saved';
    return `other: ${JSON.stringify(body.value)}`;
  }

  /**
   * The class, not two cases: each way Azure fails a write (503 before applying it, 503 after, the
   * two mixed, 429 refused) at each share of the writes. The long run takes every one; CI draws one.
   */
  const KINDS: Array<{ name: string; rule: (fraction: number, seed: number) => FaultRule }> = [
    { name: '503 (half of them after the write was applied)', rule: mixed503 },
    { name: '503 after the write was applied', rule: (f, seed) => share(f, 'lostAfter', seed) },
    { name: '429', rule: (f, seed) => share(f, 'throttled', seed) },
  ];
  const SHARES = [0.1, 0.3, 0.6];
  const faults = KINDS.flatMap((kind, k) =>
    SHARES.map((fraction, s) => ({
      name: `${kind.name} to ${Math.round(fraction * 100)} % of writes`,
      rule: () => kind.rule(fraction, 7 + 4 * k + s),
    })),
  );

  it.each(LONG ? faults : fc.sample(fc.constantFrom(...faults), 1))(
    '$name, during the fan-out and the summary: at most one extra copy per owner, one summary, nobody told "nothing saved" whose answer is stored',
    async ({ name, rule }) => {
      const owners = LONG ? 80 : 30;
      const answering = LONG ? 30 : 12;
      await seedCosmos(owners);
      connector.delayMs = 50;
      proxy.rule = rule();
      const bot = await startBotProcess(
        {
          DEPLOYMENT_FILE: syntheticDeployment(owners, SAME_TICK),
          COSMOS_ENDPOINT: proxy.endpoint,
          COSMOS_KEY: peer.key,
          COSMOS_DATABASE: databaseId,
          COSMOS_TEST_PEER: '1',
          INSTANCE_ID: 'vm-1',
        },
        BEFORE_SLOT,
      );
      children.push(bot);
      const t0 = Date.now();
      // Owners answer while the fan-out goes on, each as soon as their card has come.
      const told: Told[] = [];
      await until(
        () =>
          Array.from({ length: answering }, (_, i) => connector.cardsByConversation().has(`a:owner-${i}`)).every(
            Boolean,
          ),
        60_000,
        'the first owners prompted',
      );
      for (let i = 0; i < answering; i++) told.push(await answer(bot.ready, i));
      await until(
        () => tally(connector, owners).missing === 0 && tally(connector, owners).summaries >= 1,
        LONG ? 180_000 : 90_000, // 60 % of 2,000 writes failing, each retried with back-off, takes time
        'every owner and the channel reached',
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}: ${JSON.stringify(tally(connector, owners))}\n${bot.log.join('').slice(-4000)}`,
        );
      });
      const reachedMs = Date.now() - t0;
      await sleep(3_000); // anything sent twice, it is sent by now
      bot.proc.kill('SIGTERM');
      await bot.exited;
      const t = tally(connector, owners);

      proxy.rule = () => undefined;
      const store = await direct();
      const history = await store.answers.allAnswers(PLAN);
      await store.close();
      const stored = new Set(history.map((a) => a.answeredBy.userId));
      const lies = told.filter(
        (what, i) =>
          (what === 'nothingSaved' && stored.has(syntheticUser(i).userId)) ||
          (what === 'saved' && !stored.has(syntheticUser(i).userId)),
      ).length;
      report(`Cosmos DB: ${name}`, {
        owners,
        writes: proxy.counts.writes,
        failed: proxy.counts.lostBefore + proxy.counts.lostAfter + proxy.counts.throttled,
        duplicates: t.duplicates,
        maxCopies: t.maxCopies,
        missing: t.missing,
        summaries: t.summaries,
        reachedMs,
        answered: answering,
        toldSaved: told.filter((w) => w === 'saved').length,
        toldNothingSaved: told.filter((w) => w === 'nothingSaved').length,
        toldUnknown: told.filter((w) => w === 'unknown').length,
        lies,
      });
      expect(told.filter((w) => w.startsWith('other'))).toEqual([]);
      expect(lies).toBe(0);
      expect(t.missing).toBe(0);
      expect(t.maxCopies).toBeLessThanOrEqual(2);
      expect(t.summaries).toBe(1);
    },
    300_000,
  );
});

/** A share of writes answered 503, every other one after the peer applied it. */
function mixed503(fraction: number, seed: number): FaultRule {
  const lost = share(fraction, 'lostAfter', seed);
  let n = 0;
  return (w) => {
    const f = lost(w);
    return f && n++ % 2 ? 'lostBefore' : f;
  };
}
