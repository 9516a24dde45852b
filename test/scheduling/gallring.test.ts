import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import type { Store } from '../../src/app/ports';
import { SCHEDULED_GALLRING } from '../../src/app/gallring';
import { loadDeployment } from '../../src/config/deploymentFile';

const leaver = 'aad-person-who-left';
const planId = loadDeployment('deployments/local.json').plan.id;
const DAY = 86_400_000;

async function leaverReference(store: Store, updatedAt: string): Promise<void> {
  await store.conversations.saveConversation({
    key: `personal:${leaver}`,
    kind: 'personal',
    userId: leaver,
    reference: { conversation: { id: 'c-left' } },
    updatedAt,
    gone: false,
  });
}

describe.each(BACKEND_NAMES)('the daily gallring under the scheduler’s lease (%s store)', (backend) => {
  const bots: TestBot[] = [];
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.dispose().catch(() => undefined)));
  });
  afterAll(() => stopLocalCosmos());

  it('runs once a day, by one process, audited as the schedule; a day with nothing to do leaves no entry', async () => {
    const first = await startTestBot({
      storeSettings: await storeFor(backend),
      now: '2027-03-01T06:00:00+01:00',
      instanceId: 'första',
    });
    bots.push(first);
    await leaverReference(first.store, '2027-01-01T00:00:00.000Z');

    const report = await first.scheduler.tick();
    expect(report.gallring?.join('\n')).toMatch(/Konversationsreferenser.*: 1 gallrade/);
    expect(await first.store.conversations.conversation(`personal:${leaver}`)).toBeUndefined();
    const audits = async (store: Store) =>
      (await store.deployments.auditLog(planId)).filter((a) => a.what === 'Gallring');
    expect((await audits(first.store)).map((a) => a.by)).toEqual([SCHEDULED_GALLRING]);

    // Later the same day: neither this process nor another one runs it again.
    await leaverReference(first.store, '2027-01-02T00:00:00.000Z');
    first.clock.advance(3_600_000);
    expect((await first.scheduler.tick()).gallring).toBeUndefined();
    const second = await startTestBot({
      dataDir: first.dataDir,
      storeSettings: first.storeSettings,
      now: '2027-03-01T08:00:00+01:00',
      instanceId: 'andra',
    });
    bots.push(second);
    await first.close();
    second.clock.advance(5 * 60_000); // past the scheduler lease of the first
    expect((await second.scheduler.tick()).leader).toBe(true);
    expect(await second.store.conversations.conversation(`personal:${leaver}`)).toBeDefined();

    // The next day the lease holder runs it; the day after, with nothing to do, no new entry.
    second.clock.advance(DAY);
    expect((await second.scheduler.tick()).gallring?.join('\n')).toMatch(/Konversationsreferenser.*: 1 gallrade/);
    second.clock.advance(DAY);
    expect((await second.scheduler.tick()).gallring).toBeDefined();
    expect(await audits(second.store)).toHaveLength(2);
  });
});
