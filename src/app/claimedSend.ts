import type { DeliveryOutcome, ScheduleStore, SendOptions } from './ports';
import { reasonOfStatus } from './reach';

/** Extra copies one send may risk: an attempt of unknown fate is retried at most once, ever. */
export const MAX_UNCERTAIN_RETRIES = 1;

/** Attempts (ticks) a send gets before it is recorded as finally unreachable. */
export const MAX_SEND_ATTEMPTS = 3;

/**
 * Sends under a key this process has claimed, and records what came of it. A retry skips the
 * messages an earlier attempt delivered, and gets only what is left of the budget for attempts of
 * unknown fate, counted over every attempt and every process: so a recipient gets at most one
 * extra copy of a message. A send that used up its attempts, or its uncertain budget, is recorded
 * as unreachable: final, and shown so.
 */
export async function sendClaimed(
  store: ScheduleStore,
  planId: string,
  key: string,
  now: () => Date,
  send: (skip: number, options: SendOptions) => Promise<DeliveryOutcome>,
): Promise<DeliveryOutcome> {
  const record = await store.send(planId, key);
  const uncertainSoFar = record?.uncertain ?? 0;
  const result = await send(record?.delivered ?? 0, {
    uncertainRetries: Math.max(0, MAX_UNCERTAIN_RETRIES - uncertainSoFar),
  });
  if (result.outcome === 'sent') {
    await store.finishSend(planId, key, 'sent', now());
    return result;
  }
  const progress = { delivered: result.delivered, uncertain: result.outcome === 'failed' ? result.uncertain : 0 };
  if (result.outcome === 'unreachable') {
    await store.finishSend(planId, key, 'unreachable', now(), result.status, {
      ...progress,
      reason: reasonOfStatus(result.status),
    });
    return result;
  }
  const exhausted =
    (record?.attempts ?? 1) >= MAX_SEND_ATTEMPTS || uncertainSoFar + result.uncertain > MAX_UNCERTAIN_RETRIES;
  await store.finishSend(planId, key, exhausted ? 'unreachable' : 'failed', now(), undefined, {
    ...progress,
    ...(exhausted ? { reason: 'failed' } : {}),
  });
  return result;
}
