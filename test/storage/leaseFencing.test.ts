import fc from 'fast-check';
import type { Fence, Lease, SendRecord, Store } from '../../src/app/ports';
import { AppError } from '../../src/app/errors';
import { storeBackend, type Backend } from '../support/stores';
import { describeEachStore } from '../support/fixture';

const plan = 'ha-familjehem';
const t0 = new Date('2026-11-30T08:00:00Z');

const send = (key: string, holder: string): SendRecord => ({
  planId: plan,
  key,
  recipient: key,
  holder,
  claimedAt: t0.toISOString(),
});

const fencedCode = async (write: Promise<unknown>): Promise<string> =>
  write.then(
    () => 'written',
    (error: unknown) => (error instanceof AppError ? error.code : String(error)),
  );

/** Leases carry an epoch that only grows; a writer of an older epoch writes nothing, whatever the clocks say. */
describeEachStore('lease fencing', (name) => {
  let backend: Backend;
  let store: Store;

  beforeEach(async () => {
    backend = await storeBackend(name);
    store = await backend.open();
  });
  afterEach(async () => backend.dispose());

  it('a takeover raises the epoch; only the current holder renews; a stale take loses', async () => {
    const first = await store.schedule.takeLease(plan, 'scheduler', 'a', undefined);
    expect(first).toMatchObject({ holder: 'a', epoch: 1 });
    expect(await store.schedule.takeLease(plan, 'scheduler', 'b', undefined)).toBeUndefined();

    const renewed = await store.schedule.renewLease(plan, 'scheduler', 'a', 1);
    expect(renewed).toMatchObject({ epoch: 1, beat: 1 });
    // b saw the lease before the renewal: its take fails on the etag
    expect(await store.schedule.takeLease(plan, 'scheduler', 'b', first)).toBeUndefined();

    const seen = await store.schedule.lease(plan, 'scheduler');
    const second = await store.schedule.takeLease(plan, 'scheduler', 'b', seen);
    expect(second).toMatchObject({ holder: 'b', epoch: 2 });
    expect(await store.schedule.renewLease(plan, 'scheduler', 'a', 1)).toBe('fenced');
  });

  it('a fenced holder can neither claim nor record a send once a newer epoch exists', async () => {
    const a = (await store.schedule.takeLease(plan, 'scheduler', 'a', undefined)) as Lease;
    const fenceA: Fence = { lease: 'scheduler', epoch: a.epoch };
    expect(await store.schedule.claimSend(send('u1', 'a'), t0, 120_000, fenceA)).toBe('claimed');

    const b = (await store.schedule.takeLease(plan, 'scheduler', 'b', await store.schedule.lease(plan, 'scheduler')))!;
    const fenceB: Fence = { lease: 'scheduler', epoch: b.epoch };

    expect(await fencedCode(store.schedule.claimSend(send('u2', 'a'), t0, 120_000, fenceA))).toBe('LEASE_FENCED');
    expect(await fencedCode(store.schedule.finishSend(plan, 'u1', 'sent', t0, 201, {}, fenceA))).toBe('LEASE_FENCED');
    expect(await store.schedule.send(plan, 'u2')).toBeUndefined();
    expect((await store.schedule.send(plan, 'u1'))?.outcome).toBeUndefined();

    // b takes a's open claim over at once (a was fenced), not after the stale time
    expect(await store.schedule.claimSend(send('u1', 'b'), t0, 120_000, fenceB)).toBe('claimed');
    await store.schedule.finishSend(plan, 'u1', 'sent', t0, 201, { delivered: 1 }, fenceB);
    expect(await store.schedule.send(plan, 'u1')).toMatchObject({ outcome: 'sent', holder: 'b', epoch: 2 });
  });

  it('a refused send waits out its Retry-After, and is counted as refused, not uncertain', async () => {
    expect(await store.schedule.claimSend(send('u3', 'a'), t0, 0)).toBe('claimed');
    const notBefore = new Date(t0.getTime() + 60_000).toISOString();
    await store.schedule.finishSend(plan, 'u3', 'failed', t0, 429, { refused: 1, notBefore });
    expect(await store.schedule.claimSend(send('u3', 'b'), new Date(t0.getTime() + 30_000), 0)).toBe('busy');
    expect(await store.schedule.claimSend(send('u3', 'b'), new Date(t0.getTime() + 61_000), 0)).toBe('claimed');
    expect(await store.schedule.send(plan, 'u3')).toMatchObject({ refused: 1, attempts: 2 });
    expect((await store.schedule.send(plan, 'u3'))?.uncertain ?? 0).toBe(0);
  });

  it('tells the store clock', async () => {
    const at = await store.schedule.storeTime(plan);
    // the store runs on this machine here: its clock is within seconds of ours
    expect(Math.abs(at.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('over any interleaving of takeovers and writes, only writes of the current epoch land', async () => {
    const holders = ['a', 'b', 'c'];
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ take: fc.boolean(), who: fc.constantFrom(...holders) }), { minLength: 1, maxLength: 12 }),
        async (steps) => {
          run++;
          const leaseName = `scheduler-${run}`;
          const epochs = new Map<string, number>();
          let current: { holder: string; epoch: number } | undefined;
          for (const [i, step] of steps.entries()) {
            if (step.take || !current) {
              const taken = await store.schedule.takeLease(
                plan,
                leaseName,
                step.who,
                await store.schedule.lease(plan, leaseName),
              );
              expect(taken).toBeDefined();
              current = { holder: step.who, epoch: taken!.epoch };
              epochs.set(step.who, taken!.epoch);
              continue;
            }
            const epoch = epochs.get(step.who);
            if (epoch === undefined) continue;
            const key = `r${run}-${i}`;
            const result = await fencedCode(
              store.schedule.claimSend(send(key, step.who), t0, 120_000, { lease: leaseName, epoch }),
            );
            const isCurrent = epoch === current.epoch && step.who === current.holder;
            expect(result).toBe(isCurrent ? 'written' : 'LEASE_FENCED');
            expect((await store.schedule.send(plan, key)) !== undefined).toBe(isCurrent);
          }
        },
      ),
      { numRuns: name === 'cosmos' ? 15 : 40 },
    );
  });
});
