import { randomUUID } from 'node:crypto';
import type { UnreachableReason } from '../domain/reach';
import { AppError, isStoreUnavailable } from './errors';
import type { Clock, DeliveryOutcome, Fence, ScheduleStore, SendOptions } from './ports';

/**
 * The one place that spells keys: every recorded send and every stored conversation is found by a
 * key built here, so a change of convention touches this file only.
 */

/** A group of sends that go out together, one per recipient. */
export type SendBatch =
  | { kind: 'prompt'; cycleId: string }
  | { kind: 'reminder'; cycleId: string; n: number }
  /** One activity's reminder, moved by its owner to a day of their choosing ("Påminn mig på torsdag"). */
  | { kind: 'movedReminder'; cycleId: string; activityId: string }
  | { kind: 'manual'; requestId: string };

export const sendKeys = {
  /**
   * `prompt:<cycle>:<role>`, `reminder:<cycle>:<n>:<role>`, `later:<cycle>:<activity>:<role>`,
   * `manual:<request>:<role>`: one send per
   * owner role, whoever receives it (the owner, or the deputy while the owner is away), so an
   * absence starting mid-cycle neither repeats nor drops a prompt.
   */
  of(batch: SendBatch, ownerRole: string): string {
    return `${sendKeys.batchPrefix(batch)}${ownerRole}`;
  },
  /** The notice to an administrator that an owner role's send had nobody to go to (owner away, no deputy). */
  uncovered: (sendKey: string, adminUserId: string): string => `${sendKey}:admin:${adminUserId}`,
  /** What every key of the batch starts with. */
  batchPrefix(batch: SendBatch): string {
    switch (batch.kind) {
      case 'prompt':
        return `prompt:${batch.cycleId}:`;
      case 'reminder':
        return `reminder:${batch.cycleId}:${batch.n}:`;
      case 'movedReminder':
        return `later:${batch.cycleId}:${batch.activityId}:`;
      case 'manual':
        return `manual:${batch.requestId}:`;
    }
  },
  summary: (slotId: string): string => `summary:${slotId}`,
  welcome: (userId: string): string => `welcome:${userId}`,
  /** The report of a /utskick to the administrator who confirmed it (user ids never read "rapport"). */
  manualReport: (requestId: string): string => `manual:${requestId}:rapport`,
  /** What every /utskick key starts with. */
  manualPrefix: 'manual:',
  /** A /utskick's report to its administrator, not a prompt to an owner. */
  isReport: (key: string): boolean => key.startsWith('manual:') && key.endsWith(':rapport'),
  /** A send to a person (prompt, reminder, manual, welcome), not to a channel. */
  isPersonal: (key: string): boolean => !key.startsWith('summary:'),
  /** The card a prompt of a send carries: one per activity, so a retried send carries the same ids. */
  promptId: (sendKey: string, activityId: string): string => `${sendKey}:${activityId}`,
};

export const conversationKeys = {
  personal: (userId: string): string => `personal:${userId}`,
  channel: (conversationId: string): string => `channel:${conversationId}`,
  groupChat: (conversationId: string): string => `groupChat:${conversationId}`,
};

/** Extra copies one send may risk: an attempt of unknown fate is retried at most once, ever. */
export const MAX_UNCERTAIN_RETRIES = 1;

/** Attempts (ticks) a send gets before it is recorded as finally unreachable. */
export const MAX_SEND_ATTEMPTS = 3;

/** A send whose sender vanished this long ago is taken over by the next one. */
export const STALE_CLAIM_MS = 10 * 60_000;

/** The longest a refused send waits before it is tried again, whatever Retry-After asks. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** Delivers one send: `skip` messages an earlier attempt delivered, within `options`' budget. */
export type Deliver = (
  skip: number,
  options: SendOptions,
) => Promise<DeliveryOutcome | { unreachable: UnreachableReason; status?: number }>;

export type SendOnceOutcome =
  | { outcome: 'sent' }
  | { outcome: 'unreachable'; status?: number; reason: UnreachableReason }
  | { outcome: 'failed'; reason?: UnreachableReason }
  | { outcome: 'alreadySent' }
  | { outcome: 'busy' };

export interface Claimant {
  /** Who is sending: a claim by another holder, younger than `staleAfterMs`, is left alone. */
  holder: string;
  staleAfterMs?: number;
  /** The lease epoch the claim and its record are conditional on: a newer epoch fences them. */
  fence?: Fence;
  /** Asked before every message and retry: false stops the send before the next message goes. */
  mayContinue?: () => Promise<boolean>;
  /** A throttled message ends the send as refused instead of being waited for: a later pass retries it. */
  deferThrottled?: boolean;
}

const isFenced = (error: unknown): boolean => error instanceof AppError && error.code === 'LEASE_FENCED';

/** The reason an unreachable send gives, from the HTTP status Teams answered with. */
export const reasonOfStatus = (status: number | undefined): UnreachableReason =>
  status === 403 ? 'blocked' : status === 404 ? 'uninstalled' : 'failed';

/**
 * Exactly-once sending, for every path that sends (schedule, reminders, summary, /utskick, the
 * greeting): claim the key in the store, deliver, record what came of it. A retry skips the
 * messages an earlier attempt delivered and gets only what is left of the budget for attempts of
 * unknown fate, counted over every attempt and every process, so a recipient gets at most one
 * extra copy of a message. A send that used up its attempts, or its uncertain budget, is recorded
 * as unreachable: final, and shown so. `deliver` may also say up front that there is nowhere to
 * send (no chat): a passing fault is retried like a failed send, any other reason stands.
 */
export class SendOnce {
  /**
   * Records this instance knows but the store has not taken (it failed every try): what was sent is
   * known here, so the send is not made again; the record is written before its key is next claimed.
   */
  private readonly unrecorded = new Map<string, () => Promise<unknown>>();

  constructor(
    private readonly store: ScheduleStore,
    private readonly planId: string,
    private readonly clock: Clock,
    /** The waits between tries of a claim or record the store failed (tests shorten them). */
    private readonly retryDelaysMs: readonly number[] = RECORD_RETRY_DELAYS_MS,
  ) {}

  /** How many sends' records wait for the store (they are written before their keys are claimed again). */
  get waitingRecords(): number {
    return this.unrecorded.size;
  }

  async send(key: string, recipient: string, claimant: Claimant, deliver: Deliver): Promise<SendOnceOutcome> {
    const pending = this.unrecorded.get(key);
    if (pending) {
      try {
        await pending();
        this.unrecorded.delete(key);
      } catch (error) {
        // Still unavailable: nothing is sent until the record is in. Fenced: the new holder decides.
        if (isFenced(error)) this.unrecorded.delete(key);
        if (isFenced(error) || isStoreUnavailable(error)) return { outcome: 'busy' };
        throw error;
      }
    }
    const now = this.clock.now();
    let claim: 'claimed' | 'done' | 'busy';
    // The same claim id on every try: a claim whose answer the store lost is found to be ours.
    const claimId = randomUUID();
    try {
      // (A claim has no read-back: a lost one is recognised by its claim id instead.)
      claim =
        (await untilRecorded(
          () =>
            this.store.claimSend(
              { planId: this.planId, key, recipient, holder: claimant.holder, claimedAt: now.toISOString(), claimId },
              now,
              claimant.staleAfterMs ?? STALE_CLAIM_MS,
              claimant.fence,
            ),
          this.retryDelaysMs,
        )) ?? 'busy';
    } catch (error) {
      // Another instance holds a newer epoch: this one sends nothing more.
      if (isFenced(error)) return { outcome: 'busy' };
      throw error;
    }
    if (claim === 'done') return { outcome: 'alreadySent' };
    if (claim === 'busy') return { outcome: 'busy' };
    try {
      return await this.deliverClaimed(key, deliver, claimant);
    } catch (error) {
      // Fenced while sending: the record stays open, and the new holder takes it over as of unknown fate.
      if (isFenced(error)) return { outcome: 'busy' };
      throw error;
    }
  }

  /** Every send recorded under keys starting with `prefix`. */
  sends(prefix: string) {
    return this.store.sends(this.planId, prefix);
  }

  /** Delivers under a key already claimed, and records the outcome. */
  async deliverClaimed(key: string, deliver: Deliver, claimant: Partial<Claimant> = {}): Promise<SendOnceOutcome> {
    const record = await this.store.send(this.planId, key);
    const uncertainSoFar = record?.uncertain ?? 0;
    const result = await deliver(record?.delivered ?? 0, {
      uncertainRetries: Math.max(0, MAX_UNCERTAIN_RETRIES - uncertainSoFar),
      mayContinue: claimant.mayContinue,
      deferThrottled: claimant.deferThrottled,
    });
    const at = () => this.clock.now();
    // One stamp for every try of the record: a try the store lost but applied is recognised by it.
    const finishedAt = at();
    const finish = async (
      outcome: 'sent' | 'unreachable' | 'failed',
      status?: number,
      progress?: Parameters<ScheduleStore['finishSend']>[5],
    ) => {
      const write = () =>
        this.store.finishSend(this.planId, key, outcome, finishedAt, status, progress, claimant.fence);
      const applied = async () => (await this.store.send(this.planId, key))?.finishedAt === finishedAt.toISOString();
      try {
        await untilRecorded(write, this.retryDelaysMs, applied);
      } catch (error) {
        if (isStoreUnavailable(error) && this.unrecorded.size < MAX_WAITING_RECORDS) {
          this.unrecorded.set(key, async () => (await applied()) || (await write()));
        }
        throw error;
      }
    };
    if ('unreachable' in result) {
      const outcome = result.unreachable === 'failed' ? 'failed' : 'unreachable';
      await finish(outcome, result.status || undefined, { reason: result.unreachable });
      return outcome === 'failed'
        ? { outcome, reason: 'failed' }
        : { outcome, status: result.status, reason: result.unreachable };
    }
    if (result.outcome === 'sent') {
      await finish('sent');
      return { outcome: 'sent' };
    }
    const progress = { delivered: result.delivered, uncertain: result.outcome === 'failed' ? result.uncertain : 0 };
    if (result.outcome === 'unreachable') {
      const reason = reasonOfStatus(result.status);
      await finish('unreachable', result.status, { ...progress, reason });
      return { outcome: 'unreachable', status: result.status, reason };
    }
    // Refused by Teams before it accepted anything (429, 5xx): not ambiguous, costs no copy, and
    // is not tried again before its Retry-After (capped) has passed, by this instance or another.
    const refused = result.refused ?? 0;
    const wait = result.retryAfterMs === undefined ? undefined : Math.min(RETRY_AFTER_CAP_MS, result.retryAfterMs);
    const notBefore = wait === undefined ? undefined : new Date(at().getTime() + wait).toISOString();
    // A send stopped before its next message (fenced, stopping) has not used up an attempt.
    const exhausted =
      !result.stopped &&
      ((record?.attempts ?? 1) >= MAX_SEND_ATTEMPTS || uncertainSoFar + result.uncertain > MAX_UNCERTAIN_RETRIES);
    await finish(exhausted ? 'unreachable' : 'failed', result.refusedStatus, {
      ...progress,
      refused: refused || undefined,
      notBefore,
      // Out of attempts with one of unknown fate among them: it may have arrived (okänt), unlike a refusal.
      ...(exhausted ? { reason: uncertainSoFar + result.uncertain > 0 ? 'uncertain' : 'failed' } : {}),
    });
    return { outcome: 'failed' };
  }
}

/** Records kept in memory for a store that fails every try, at most (a storm, not a backlog). */
export const MAX_WAITING_RECORDS = 10_000;

/** How often a send's claim or record is written again while the store is unavailable, and how long between. */
export const RECORD_RETRY_DELAYS_MS = [100, 250, 500, 1000, 2000, 3000];

/**
 * Writes a send's claim or record until the store takes it: what was sent is known here, so a
 * store that fails the write must not turn it into a send of unknown fate (re-sent by the next
 * pass). A write whose outcome the store lost is first looked for (`applied`), so a record is never
 * counted twice; the fencing is the write's own, every try.
 */
async function untilRecorded<T>(
  write: () => Promise<T>,
  delaysMs: readonly number[],
  applied?: () => Promise<boolean>,
): Promise<T | void> {
  let mayBeApplied = false;
  for (let attempt = 0; ; attempt++) {
    try {
      if (mayBeApplied && applied && (await applied())) return;
      return await write();
    } catch (error) {
      if (!isStoreUnavailable(error) || attempt >= delaysMs.length) throw error;
      if (error.writeOutcome === 'unknown') mayBeApplied = true;
      await new Promise((resolve) => setTimeout(resolve, delaysMs[attempt]));
    }
  }
}
