import type { UnreachableReason } from '../domain/reach';
import type { Clock, DeliveryOutcome, ScheduleStore, SendOptions } from './ports';

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
}

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
  constructor(
    private readonly store: ScheduleStore,
    private readonly planId: string,
    private readonly clock: Clock,
  ) {}

  async send(key: string, recipient: string, claimant: Claimant, deliver: Deliver): Promise<SendOnceOutcome> {
    const now = this.clock.now();
    const claim = await this.store.claimSend(
      { planId: this.planId, key, recipient, holder: claimant.holder, claimedAt: now.toISOString() },
      now,
      claimant.staleAfterMs ?? STALE_CLAIM_MS,
    );
    if (claim === 'done') return { outcome: 'alreadySent' };
    if (claim === 'busy') return { outcome: 'busy' };
    return this.deliverClaimed(key, deliver);
  }

  /** Every send recorded under keys starting with `prefix`. */
  sends(prefix: string) {
    return this.store.sends(this.planId, prefix);
  }

  /** Delivers under a key already claimed, and records the outcome. */
  async deliverClaimed(key: string, deliver: Deliver): Promise<SendOnceOutcome> {
    const record = await this.store.send(this.planId, key);
    const uncertainSoFar = record?.uncertain ?? 0;
    const result = await deliver(record?.delivered ?? 0, {
      uncertainRetries: Math.max(0, MAX_UNCERTAIN_RETRIES - uncertainSoFar),
    });
    const at = () => this.clock.now();
    if ('unreachable' in result) {
      const outcome = result.unreachable === 'failed' ? 'failed' : 'unreachable';
      await this.store.finishSend(this.planId, key, outcome, at(), result.status || undefined, {
        reason: result.unreachable,
      });
      return outcome === 'failed'
        ? { outcome, reason: 'failed' }
        : { outcome, status: result.status, reason: result.unreachable };
    }
    if (result.outcome === 'sent') {
      await this.store.finishSend(this.planId, key, 'sent', at());
      return { outcome: 'sent' };
    }
    const progress = { delivered: result.delivered, uncertain: result.outcome === 'failed' ? result.uncertain : 0 };
    if (result.outcome === 'unreachable') {
      const reason = reasonOfStatus(result.status);
      await this.store.finishSend(this.planId, key, 'unreachable', at(), result.status, { ...progress, reason });
      return { outcome: 'unreachable', status: result.status, reason };
    }
    const exhausted =
      (record?.attempts ?? 1) >= MAX_SEND_ATTEMPTS || uncertainSoFar + result.uncertain > MAX_UNCERTAIN_RETRIES;
    await this.store.finishSend(this.planId, key, exhausted ? 'unreachable' : 'failed', at(), undefined, {
      ...progress,
      ...(exhausted ? { reason: 'failed' } : {}),
    });
    return { outcome: 'failed' };
  }
}
