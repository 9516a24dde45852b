import { LocalConnector } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { USERS, installationUpdate, messageActivity, postActivity } from '../support/teams';

describe('readiness and conversation references', () => {
  let connector: LocalConnector;
  let bot: TestBot;

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot();
  });
  afterEach(async () => {
    await bot.dispose();
    await connector.stop();
  });

  it('/readyz says ready when the store answers, and not ready (503) when it cannot', async () => {
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', store: 'embedded', plan: 'ha-familjehem' });

    await bot.store.close(); // the store is gone; the process still lives
    const notReady = await fetch(`${bot.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });

  it('a person who writes again changes nothing stored: the reference holds no activity id', async () => {
    await postActivity(bot.url, installationUpdate(connector.url, USERS.karin, 'add'));
    const first = await bot.store.conversations.conversation(`personal:${USERS.karin.aadObjectId}`);
    bot.clock.advance(60_000);
    await postActivity(bot.url, messageActivity(connector.url, USERS.karin, '/status'));
    await postActivity(bot.url, messageActivity(connector.url, USERS.karin, '/hjälp'));
    const after = await bot.store.conversations.conversation(`personal:${USERS.karin.aadObjectId}`);
    expect(first?.reference).not.toHaveProperty('activityId');
    expect(after).toEqual(first);
  });

  it('when the store cannot be written to, a new person gets /status all the same', async () => {
    // SQLite itself refuses every write from now on, as with a full or read-only disk.
    (bot.store as SqliteStore).db.pragma('query_only = ON');
    const res = await postActivity(bot.url, messageActivity(connector.url, USERS.johan, '/status'));
    expect(res.status).toBe(200);
    const [reply] = await connector.waitForSent(1);
    expect(reply?.body.attachments).toBeDefined();
    expect(await bot.store.conversations.conversation(`personal:${USERS.johan.aadObjectId}`)).toBeUndefined();
  });
});
