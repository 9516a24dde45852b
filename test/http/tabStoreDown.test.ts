import { loadDeployment } from '../../src/config/deploymentFile';
import { startTestBot, stopLocalCosmos, storeFor, type TestBot } from '../support/bot';
import { USERS } from '../support/teams';

const { plan } = loadDeployment('deployments/local.json');

describe('the tab API when the store is out of reach (the local Cosmos DB peer stopped)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ storeSettings: await storeFor('cosmos') });
  });
  afterAll(async () => {
    await bot?.dispose();
    await stopLocalCosmos();
  });

  it('answers 503 with when to try again and no data, where it answered 200 while the store was there', async () => {
    const as = { 'x-lokal-anvandare': USERS.maria.aadObjectId };
    const paths = [
      `/api/tab/plans/${plan.id}`,
      `/api/tab/plans/${plan.id}/activities/2a/history`,
      `/api/tab/plans/${plan.id}/export.xlsx`,
    ];
    for (const path of paths)
      expect([path, (await fetch(`${bot.url}${path}`, { headers: as })).status]).toEqual([path, 200]);
    await stopLocalCosmos();
    for (const path of paths) {
      const res = await fetch(`${bot.url}${path}`, { headers: as });
      expect([path, res.status, await res.json()]).toEqual([
        path,
        503,
        { error: 'ServiceUnavailable', message: 'Försök igen om en stund.' },
      ]);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    // Who is asking is still checked first: no person, no answer about the store.
    expect((await fetch(`${bot.url}/api/tab/plans/${plan.id}`)).status).toBe(401);
  });
});
