import Bottleneck from 'bottleneck';
import { awaitsAnswer } from '../domain/answer';
import type { Member } from '../domain/deployment';
import type { Activity } from '../domain/plan';
import type { UnreachableReason } from '../domain/reach';
import type { PersonalReach } from './reach';
import type { PromptNotifier, StatusPrompts } from './prompts';
import type { DeliveryOutcome } from './ports';
import { sendKeys, STALE_CLAIM_MS, type SendBatch, type SendOnce } from './sendOnce';
import type { FollowUpContext } from './statusQueries';

export type RecipientOutcome = DeliveryOutcome['outcome'] | 'alreadySent' | 'busy';

export interface RecipientResult {
  person: Member;
  activityIds: string[];
  outcome: RecipientOutcome;
  /** Why an unreachable recipient could not be reached. */
  reason?: UnreachableReason;
}

export interface FanOutOptions {
  /** Every send is recorded under the batch's key for its recipient; a key already sent is never sent again. */
  batch: SendBatch;
  /** Who is sending: the claim's holder. */
  holder: string;
  /** 0 for prompts, n for the n-th reminder. */
  reminder?: number;
  /** Only activities whose latest answer is older than this (or missing): a reminder's recipients. */
  unansweredSince?: string;
  /** Checked before each send: false stops the fan-out (shutting down, or the lease was lost). */
  mayContinue?: () => Promise<boolean>;
  /**
   * Claims older than this are taken over. The lease holder passes how long it has held the lease:
   * a claim made before it took over was made by a holder that has stopped sending.
   */
  staleAfterMs?: () => number;
}

/** Owners served at once in a fan-out. */
export const FAN_OUT_CONCURRENCY = 8;

export { STALE_CLAIM_MS };

/**
 * Sends every owner the prompts for their activities in their 1:1 chat, one recorded send per
 * owner, so a restart or a second instance never sends the same key twice.
 */
export class DispatchPrompts {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly prompts: StatusPrompts,
    private readonly reach: PersonalReach,
    private readonly notifier: PromptNotifier,
    private readonly sender: SendOnce,
  ) {}

  /** Whether any send of the batch was claimed already: a confirmation pressed again. */
  async started(batch: SendBatch): Promise<boolean> {
    return (await this.sender.sends(sendKeys.batchPrefix(batch))).length > 0;
  }

  /** Owners and the activities they own, in plan order. */
  private owners(): Array<{ person: Member; activities: Activity[] }> {
    const byUser = new Map<string, { person: Member; activities: Activity[] }>();
    const activities = this.ctx.plan.recommendations.flatMap((r) => r.activities);
    for (const o of this.ctx.deployment.owners) {
      const entry = byUser.get(o.owner.userId) ?? { person: o.owner, activities: [] };
      entry.activities.push(...activities.filter((a) => a.ownerRole === o.role));
      byUser.set(o.owner.userId, entry);
    }
    return [...byUser.values()];
  }

  /**
   * Returns each owner's result and whether every owner is done (sent, unreachable or skipped).
   * A few owners are in flight at once, so one slow or throttled recipient does not hold up the
   * rest; the notifier paces the messages and each owner's claim keeps every send single.
   */
  async toAllOwners(options: FanOutOptions): Promise<{ results: RecipientResult[]; complete: boolean }> {
    const states = options.unansweredSince ? await this.ctx.states.activityStates(this.ctx.plan.id) : [];
    const recipients = this.owners()
      .map(({ person, activities }) => ({
        person,
        due: options.unansweredSince
          ? activities.filter((a) =>
              awaitsAnswer(
                states.find((s) => s.activityId === a.id),
                options.unansweredSince,
              ),
            )
          : activities,
      }))
      .filter((r) => r.due.length > 0);
    const pool = new Bottleneck({ maxConcurrent: FAN_OUT_CONCURRENCY });
    const outcomes = await Promise.all(
      recipients.map((r) => pool.schedule(() => this.sendTo(r.person, r.due, options))),
    );
    const results = recipients
      .map((r, i) => ({ person: r.person, activityIds: r.due.map((a) => a.id), ...outcomes[i]! }))
      .filter((r): r is RecipientResult => r.outcome !== 'stopped');
    const complete = outcomes.every((o) => o.outcome !== 'stopped' && o.outcome !== 'busy' && o.outcome !== 'failed');
    return { results, complete };
  }

  private async sendTo(
    person: Member,
    due: Activity[],
    options: FanOutOptions,
  ): Promise<{ outcome: RecipientOutcome | 'stopped'; reason?: UnreachableReason }> {
    if (options.mayContinue && !(await options.mayContinue())) return { outcome: 'stopped' };
    const key = sendKeys.of(options.batch, person.userId);
    const claimant = { holder: options.holder, staleAfterMs: options.staleAfterMs?.() };
    const result = await this.sender.send(key, person.userId, claimant, async (skip, sendOptions) => {
      // The chat is looked up (or opened) only after the claim, so a roster read or a second
      // instance in the meantime can never make the same key go out twice.
      const chat = await this.reach.chatWith(person);
      if ('unreachable' in chat) return chat;
      const prompts = await Promise.all(
        due.map((a) =>
          this.prompts.forActivity(a.id, { promptId: sendKeys.promptId(key, a.id), reminder: options.reminder }),
        ),
      );
      const cards = prompts.filter((p) => p !== undefined).slice(skip);
      return this.notifier.sendPrompts(chat.conversation, cards, sendOptions);
    });
    return { outcome: result.outcome, reason: 'reason' in result ? result.reason : undefined };
  }
}
