import { SendOnce, type Deliver } from '../../src/app/sendOnce';
import { AppError, type WriteOutcome } from '../../src/app/errors';
import type { ScheduleStore, Store } from '../../src/app/ports';
import { BACKENDS, type Backend } from '../support/stores';
import { TestClock } from '../support/bot';

const PLAN = 'plan-ha-familjehem';
const KEY = 'prompt:2026-11-30:enhetschef-1';
const HOLDER = { holder: 'vm-1' };
const QUICK = [1, 1, 1];

const unavailable = (outcome: WriteOutcome) =>
  new AppError('STORE_UNAVAILABLE', `provfel: lagringen svarade inte (${outcome})`, outcome);

/**
 * A real schedule store that fails while `dark` is set: its record writes (finishSend) are applied
 * and then lost, or lost before they were applied, and reading a record back fails too. Every other
 * call is the real store's.
 */
function darkRecords(inner: ScheduleStore, fault: 'lostAfter' | 'lostBefore') {
  const state = { dark: false, failed: 0 };
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'finishSend') {
        return async (...args: Parameters<ScheduleStore['finishSend']>) => {
          if (!state.dark) return target.finishSend(...args);
          state.failed++;
          if (fault === 'lostAfter') await target.finishSend(...args);
          throw unavailable('unknown');
        };
      }
      if (property === 'send') {
        return (...args: Parameters<ScheduleStore['send']>) =>
          state.dark ? Promise.reject(unavailable('notApplied')) : target.send(...args);
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store, state };
}

describe.each(BACKENDS)('a send whose record the store will not take, on %s', (_name, makeBackend) => {
  let backend: Backend;
  let real: Store;
  const clock = new TestClock(new Date('2026-11-30T08:00:00Z'));

  beforeEach(async () => {
    backend = await makeBackend();
    real = await backend.open();
  });
  afterEach(async () => backend.dispose());

  it.each(['lostAfter', 'lostBefore'] as const)(
    'is not sent again (%s): the instance keeps the record and writes it before the key is claimed again',
    async (fault) => {
      const { store, state } = darkRecords(real.schedule, fault);
      const sender = new SendOnce(store, PLAN, clock, QUICK);
      let deliveries = 0;
      // Teams takes the card; then the store goes dark, as the send is recorded.
      const deliver: Deliver = async () => {
        deliveries++;
        state.dark = true;
        return { outcome: 'sent' };
      };

      await expect(sender.send(KEY, 'karin', HOLDER, deliver)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(state.failed).toBeGreaterThan(0);
      expect(sender.waitingRecords).toBe(1);

      // The next pass, the store still dark: nothing is sent, the record still waits.
      expect(await sender.send(KEY, 'karin', HOLDER, deliver)).toEqual({ outcome: 'busy' });
      expect(sender.waitingRecords).toBe(1);

      // The store is back: the record goes in, and the send is known to be done.
      state.dark = false;
      expect(await sender.send(KEY, 'karin', HOLDER, deliver)).toEqual({ outcome: 'alreadySent' });
      expect(deliveries).toBe(1);
      expect(sender.waitingRecords).toBe(0);
      expect(await real.schedule.send(PLAN, KEY)).toMatchObject({ outcome: 'sent', attempts: 1 });
    },
  );

  it('a send of another key goes on while one record waits', async () => {
    const { store, state } = darkRecords(real.schedule, 'lostBefore');
    const sender = new SendOnce(store, PLAN, clock, QUICK);
    let first = true;
    const deliver: Deliver = async () => {
      state.dark = first;
      first = false;
      return { outcome: 'sent' };
    };
    await expect(sender.send(KEY, 'karin', HOLDER, deliver)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    state.dark = false;
    expect(await sender.send(`${KEY}-2`, 'johan', HOLDER, deliver)).toEqual({ outcome: 'sent' });
    expect(sender.waitingRecords).toBe(1);
  });
});
