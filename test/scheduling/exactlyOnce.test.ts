import { LocalConnector } from '../support/connector';
import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { syntheticDeployment, syntheticUser } from '../support/synthetic';
import { personalConversation } from '../support/fixtures';
import type { Store } from '../../src/app/ports';

const OWNERS = 24;
const BEFORE_SLOT = '2026-11-30T08:30:00+01:00';
const AT_SLOT = '2026-11-30T09:00:30+01:00';

/** Gives every synthetic owner a 1:1 conversation whose serviceUrl is the local connector. */
async function installAll(store: Store, connector: LocalConnector): Promise<void> {
  for (let i = 0; i < OWNERS; i++) {
    const base = personalConversation(syntheticUser(i).userId);
    await store.conversations.saveConversation({
      ...base,
      reference: {
        ...base.reference,
        serviceUrl: connector.url,
        conversation: { id: `a:owner-${i}`, conversationType: 'personal' },
      },
    });
  }
}

function expectExactlyOnePromptEach(connector: LocalConnector): void {
  const cards = connector.cardsByConversation();
  const counts = Array.from({ length: OWNERS }, (_, i) => cards.get(`a:owner-${i}`) ?? 0);
  expect(counts).toEqual(Array(OWNERS).fill(1));
}

describe.each(BACKEND_NAMES)('exactly once (%s store)', (backend) => {
  let connector: LocalConnector;
  const deploymentFile = syntheticDeployment(OWNERS);
  const bots: TestBot[] = [];

  const start = async (options: Partial<Parameters<typeof startTestBot>[0]> = {}) => {
    const bot = await startTestBot({ env: { DEPLOYMENT_FILE: deploymentFile }, now: BEFORE_SLOT, ...options });
    bots.push(bot);
    return bot;
  };

  beforeEach(async () => {
    connector = await new LocalConnector().start();
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.dispose().catch(() => undefined)));
    await connector.stop();
  });
  afterAll(() => stopLocalCosmos());

  it('when the process stops mid-fan-out and starts again, every owner gets exactly one prompt', async () => {
    const first = await start({ storeSettings: await storeFor(backend) });
    await installAll(first.store, connector);
    await first.scheduler.tick();
    first.clock.set(AT_SLOT);

    connector.delayMs = 25;
    const fanOut = first.scheduler.tick();
    await connector.waitForSent(8, 10_000);
    await first.close(); // what SIGTERM does: the send in flight finishes and is recorded, nothing new starts
    await fanOut;
    const beforeRestart = connector.sent.length;
    expect(beforeRestart).toBeGreaterThanOrEqual(8);
    expect(beforeRestart).toBeLessThan(OWNERS);

    const second = await start({ dataDir: first.dataDir, storeSettings: first.storeSettings, now: AT_SLOT });
    second.clock.advance(60_000);
    await second.scheduler.tick();
    expectExactlyOnePromptEach(connector);
    expect(connector.sent.length).toBe(OWNERS);
  });

  it('when a send was claimed but never finished (a crash mid-send), the next lease holder sends it at once, once', async () => {
    const first = await start({ storeSettings: await storeFor(backend) });
    await installAll(first.store, connector);
    const planId = 'syntetisk';
    // A crashed process left a claim for owner 0, never finished, and nothing else.
    await first.store.schedule.saveJobCursor(
      {
        planId,
        job: 'prompts',
        lastDueAt: new Date(AT_SLOT).toISOString(),
        current: { id: '2026-11-30', startedAt: new Date(AT_SLOT).toISOString(), complete: false, remindersDone: 0 },
      },
      undefined,
    );
    await first.store.schedule.claimSend(
      {
        planId,
        key: `prompt:2026-11-30:enhet-0`,
        recipient: syntheticUser(0).userId,
        holder: 'kraschad',
        claimedAt: new Date(AT_SLOT).toISOString(),
      },
      new Date(AT_SLOT),
      0,
    );
    first.clock.set(AT_SLOT);
    // The claim was made before this process took the lease: its holder has stopped sending, so
    // it is taken over now, not after STALE_CLAIM_MS.
    await first.scheduler.tick();
    expectExactlyOnePromptEach(connector);
    const taken = await first.store.schedule.send(planId, `prompt:2026-11-30:enhet-0`);
    expect(taken).toMatchObject({ outcome: 'sent', attempts: 2, uncertain: 1 });
  });

  it('two bot processes on one store never both send', async () => {
    const settings = await storeFor(backend);
    const a = await start({ storeSettings: settings, instanceId: 'instans-a' });
    const b = await start({ dataDir: a.dataDir, storeSettings: settings, instanceId: 'instans-b' });
    await installAll(a.store, connector);
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);

    for (const bot of [a, b]) bot.clock.set(AT_SLOT);
    // Both wake up at the same moment, again and again, and b keeps trying after a's lease would lapse.
    for (let round = 0; round < 4; round++) {
      const reports = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      // The store's lease lets exactly one of them run the schedule at a time.
      expect(reports.filter((r) => r.leader)).toHaveLength(1);
      for (const bot of [a, b]) bot.clock.advance(3 * 60_000);
    }
    expectExactlyOnePromptEach(connector);
    expect(connector.sent.length).toBe(OWNERS);
  });

  it('a bot that was down over several slots catches up once, with the latest slot only', async () => {
    const bot = await start({ storeSettings: await storeFor(backend) });
    await installAll(bot.store, connector);
    await bot.scheduler.tick();
    bot.clock.set('2026-12-29T10:00:00+01:00'); // missed 30 Nov, 14 Dec and 28 Dec
    await bot.scheduler.tick();
    await bot.scheduler.tick();
    expectExactlyOnePromptEach(connector);
    const cursor = await bot.store.schedule.jobCursor('syntetisk', 'prompts');
    expect(cursor?.value.current?.id).toBe('2026-12-28');
  });
});
