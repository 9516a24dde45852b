import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { LocalConnector } from '../support/connector';
import { syntheticDeployment } from '../support/synthetic';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { FAN_OUT_CONCURRENCY } from '../../src/app/dispatchPrompts';
import { freshDir, report, seedSqlite, sleep, startBotProcess, tally, until, type Child } from './support/harness';
import { RETRY_AFTER_CAP_MS } from '../../src/app/sendOnce';

const PLAN = 'syntetisk';
/** `npm run bench:faults`: every variant, at the field tests' scale; CI runs one drawn variant of each. */
const LONG = process.env.FAULT_LONG === '1';
const BEFORE_SLOT = '2026-11-30T08:59:59+01:00';
const SAME_TICK = {
  prompts: { cron: '0 9 * * 1', everyWeeks: 1, anchor: '2026-11-30' },
  reminders: { afterWorkingDays: 3, max: 2 },
  summary: { cron: '0 9 * * 1' },
};
/** The lease, shortened so a pause past it fits in a test; the heartbeat goes every sixth of it. */
const LEASE_TTL_MS = 3_000;
const MINUTE = 60_000;

/** Draws the variants a run covers: all of them in the long run, one in CI (a different one each run). */
function variants<T>(all: T[]): T[] {
  if (LONG) return all;
  return fc.sample(fc.constantFrom(...all), 1);
}

/**
 * Faults of a scaled-out deployment: clocks that disagree, a lease holder that stalls. Leases are
 * fenced by an epoch and judged by a heartbeat on each instance's monotonic clock, so neither a
 * skewed clock nor a pause makes two instances send the same thing.
 */
describe('faults of time: two bot processes on one store', () => {
  let connector: LocalConnector;
  let dataDir: string;
  const children: Child[] = [];
  const elapsedSince = (t0: number, start: string, skewMs = 0) =>
    new Date(Date.parse(start) + Date.now() - t0 + skewMs).toISOString();

  const bot = async (env: Record<string, string>, now: string) => {
    const child = await startBotProcess({ DATA_DIR: dataDir, LEASE_TTL_MS: String(LEASE_TTL_MS), ...env }, now);
    children.push(child);
    return child;
  };
  const stop = async (child: Child) => {
    child.proc.kill('SIGTERM');
    await child.exited;
  };

  beforeEach(async () => {
    connector = await new LocalConnector().start();
    dataDir = freshDir();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.proc.kill('SIGKILL');
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const skews = [
    { name: 'a second instance 10 min ahead', skewMs: 10 * MINUTE },
    { name: 'a second instance 10 min behind', skewMs: -10 * MINUTE },
    { name: 'a second instance 2.5 min ahead', skewMs: 2.5 * MINUTE },
    { name: "the standby's clock steps +3 min", skewMs: 0, stepMs: 3 * MINUTE },
    { name: "the standby's clock steps -3 min", skewMs: 0, stepMs: -3 * MINUTE },
  ];

  it.each(variants(skews))(
    'clocks that disagree, mid fan-out ($name): no duplicates, one summary',
    async ({ name, skewMs, stepMs }) => {
      const owners = LONG ? 80 : 40;
      const env = { DEPLOYMENT_FILE: syntheticDeployment(owners, SAME_TICK) };
      await seedSqlite(dataDir, owners, PLAN, connector.url);
      connector.delayMs = 100;
      const t0 = Date.now();
      const first = await bot({ ...env, INSTANCE_ID: 'vm-1' }, BEFORE_SLOT);
      await until(() => connector.sent.length >= 4, 30_000, 'the fan-out under way');
      const step: Record<string, string> = stepMs ? { CLOCK_STEP_MS: String(stepMs), CLOCK_STEP_AFTER_MS: '500' } : {};
      const second = await bot({ ...env, ...step, INSTANCE_ID: 'vm-2' }, elapsedSince(t0, BEFORE_SLOT, skewMs));
      await until(
        () => tally(connector, owners).missing === 0 && tally(connector, owners).summaries >= 1,
        90_000,
        'every owner and the channel reached',
      );
      await sleep(2 * LEASE_TTL_MS); // anything the standby would wrongly send, it sends by now
      await Promise.all([stop(first), stop(second)]);
      const t = tally(connector, owners);
      report(`skewed clocks: ${name}`, {
        owners,
        duplicates: t.duplicates,
        missing: t.missing,
        summaries: t.summaries,
      });
      expect(t.duplicates).toBe(0);
      expect(t.missing).toBe(0);
      expect(t.summaries).toBe(1);
    },
    150_000,
  );

  const pauses = [{ pauseMs: 2 * LEASE_TTL_MS }, { pauseMs: 4 * LEASE_TTL_MS }];

  it.each(variants(pauses))(
    'the lease holder is paused (SIGSTOP) for $pauseMs ms, past its lease, then resumed: at most one extra copy, only for sends in flight',
    async ({ pauseMs }) => {
      const owners = LONG ? 80 : 40;
      const env = { DEPLOYMENT_FILE: syntheticDeployment(owners, SAME_TICK) };
      await seedSqlite(dataDir, owners, PLAN, connector.url);
      // Slow enough that most owners still wait when the holder stops (a fan-out of 40 takes 1.5 s).
      connector.delayMs = 300;
      const first = await bot({ ...env, INSTANCE_ID: 'vm-1' }, BEFORE_SLOT);
      const t0 = Date.now();
      const second = await bot({ ...env, INSTANCE_ID: 'vm-2' }, elapsedSince(t0, BEFORE_SLOT));
      await until(() => connector.sent.length >= 6, 30_000, 'the fan-out under way');
      first.proc.kill('SIGSTOP');
      const stoppedAt = connector.sent.length;
      await sleep(pauseMs);
      // On a loaded machine the standby's takeover (a whole lease of a still heartbeat, then its next
      // tick) may come after the pause drawn: the holder stays stopped until it has, within 20 s.
      await until(
        () => connector.sent.length > stoppedAt,
        20_000,
        'the standby taking over while the holder stands still',
      );
      const byStandby = connector.sent.length - stoppedAt;
      first.proc.kill('SIGCONT');
      await until(
        () => tally(connector, owners).missing === 0 && tally(connector, owners).summaries >= 1,
        90_000,
        'every owner and the channel reached',
      );
      await sleep(2 * LEASE_TTL_MS);
      await Promise.all([stop(first), stop(second)]);
      const t = tally(connector, owners);
      const store = new SqliteStore({ dataDir });
      const sends = await store.schedule.sends(PLAN, 'prompt:2026-11-30:');
      await store.close();
      report(`SIGSTOP past the lease (${pauseMs} ms)`, {
        owners,
        sentByStandbyDuringPause: byStandby,
        duplicates: t.duplicates,
        maxCopies: t.maxCopies,
        missing: t.missing,
        summaries: t.summaries,
      });
      expect(byStandby).toBeGreaterThan(0); // the standby took over while the holder stood still
      expect(t.missing).toBe(0);
      expect(t.summaries).toBe(1);
      // Only a send the paused holder had in flight can arrive twice, and never three times.
      expect(t.maxCopies).toBeLessThanOrEqual(2);
      expect(t.twice).toBeLessThanOrEqual(FAN_OUT_CONCURRENCY);
      // Each copy is on record: an owner who got two has a send with an attempt of unknown fate.
      const uncertain = sends.filter((s) => (s.uncertain ?? 0) > 0).length;
      expect(uncertain).toBeGreaterThanOrEqual(t.twice);
    },
    150_000,
  );

  const throttles = [
    { instances: 2, retryAfter: '150' },
    { instances: 1, retryAfter: '150' },
    { instances: 2, retryAfter: '3600' },
    { instances: 1, retryAfter: '3600' },
  ];

  it.each(variants(throttles))(
    'Teams throttles 8 owners with Retry-After: $retryAfter, $instances instance(s): no copy for a refused send, the others and the summary go on',
    async ({ instances, retryAfter }) => {
      const owners = 24;
      const throttled = new Set(Array.from({ length: 8 }, (_, i) => `a:owner-${i}`));
      const env = { DEPLOYMENT_FILE: syntheticDeployment(owners, SAME_TICK) };
      await seedSqlite(dataDir, owners, PLAN, connector.url);
      connector.responder = (req) => {
        const id = decodeURIComponent(/\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '')?.[1] ?? '');
        return throttled.has(id) ? { status: 429, headers: { 'retry-after': retryAfter } } : undefined;
      };
      const t0 = Date.now();
      const running = [await bot({ ...env, INSTANCE_ID: 'vm-1' }, BEFORE_SLOT)];
      if (instances === 2) running.push(await bot({ ...env, INSTANCE_ID: 'vm-2' }, elapsedSince(t0, BEFORE_SLOT)));
      const othersMs = await until(
        () => tally(connector, owners).missing === throttled.size && tally(connector, owners).summaries >= 1,
        LONG ? 200_000 : 100_000,
        'the unthrottled owners and the summary',
      );
      throttled.clear();
      await sleep(3_000);
      await Promise.all(running.map(stop));
      const t = tally(connector, owners);
      const store = new SqliteStore({ dataDir });
      const sends = await store.schedule.sends(PLAN, 'prompt:2026-11-30:');
      await store.close();
      const refusedRecords = sends.filter((s) => (s.refused ?? 0) > 0);
      report(`429 Retry-After ${retryAfter} for 8 owners, ${instances} instance(s)`, {
        owners,
        othersAndSummaryMs: othersMs,
        duplicates: t.duplicates,
        summaries: t.summaries,
        refusedRecords: refusedRecords.length,
      });
      expect(t.duplicates).toBe(0);
      expect(t.summaries).toBe(1);
      // A refused send is known not to have arrived: it is recorded as refused, never as uncertain.
      expect(refusedRecords.length).toBe(8);
      expect(refusedRecords.every((s) => (s.uncertain ?? 0) === 0)).toBe(true);
      // Whatever Teams asks, nobody waits longer than the cap before the next try.
      expect(
        refusedRecords.every((s) => Date.parse(s.notBefore!) - Date.parse(s.finishedAt!) <= RETRY_AFTER_CAP_MS + 1_000),
      ).toBe(true);
    },
    300_000,
  );
});
