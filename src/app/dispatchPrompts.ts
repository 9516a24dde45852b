import Bottleneck from 'bottleneck';
import { awaitsAnswer } from '../domain/answer';
import { addresseeOf, type Absence, type Addressee, type Member, type OwnerAssignment } from '../domain/deployment';
import { promptedInCycle } from '../domain/lifecycle';
import { stockholmDate } from '../domain/dates';
import type { Activity } from '../domain/plan';
import type { UnreachableReason } from '../domain/reach';
import type { PersonalReach } from './reach';
import type { StatusPrompts } from './prompts';
import type { Person } from '../domain/answer';
import type { BackgroundWork } from './background';
import type { Permissions } from './permissions';
import type { DeliveryOutcome, Fence, Logger, SendOptions, StoredConversation, TeamRecord } from './ports';
import { sendKeys, STALE_CLAIM_MS, type SendBatch, type SendOnce } from './sendOnce';
import type { PromptNotifier, UncoveredNotice } from './ports';
import type { FollowUpContext } from './context';

/** 'uncovered': the owner is away with no deputy; the administrators were told instead. */
export type RecipientOutcome = DeliveryOutcome['outcome'] | 'alreadySent' | 'busy' | 'uncovered';

export interface RecipientResult {
  person: Member;
  /** The owner the person received the prompts for, while that owner is away. */
  onBehalfOf?: Member;
  activityIds: string[];
  outcome: RecipientOutcome;
  /** Why an unreachable recipient could not be reached. */
  reason?: UnreachableReason;
}

export interface FanOutOptions {
  /**
   * Every send is recorded under the batch's key for an owner role, whoever receives it (the owner,
   * or their deputy while the owner is away): a key already sent is never sent again, so an absence
   * starting mid-cycle neither repeats a prompt to the deputy nor skips one.
   */
  batch: SendBatch;
  /** Who is sending: the claim's holder. */
  holder: string;
  /** 0 for prompts, n for the n-th reminder. */
  reminder?: number;
  /** Only activities whose latest answer is older than this (or missing): a reminder's recipients. */
  unansweredSince?: string;
  /** Only these activities (a moved reminder's one activity). */
  onlyActivityIds?: readonly string[];
  /**
   * When the cycle started (default: now): an activity on check-ins is prompted only in the cycle
   * that holds one of its check-in dates; a closed activity, or any in an archived plan, never.
   */
  cycleStartedAt?: string;
  /** Not these activities (reminders their owners moved to another day). */
  exceptActivityIds?: readonly string[];
  /** Checked before each send: false stops the fan-out (shutting down, or the lease was lost). */
  mayContinue?: () => Promise<boolean>;
  /**
   * Claims older than this are taken over. The lease holder passes how long it has held the lease:
   * a claim made before it took over was made by a holder that has stopped sending.
   */
  staleAfterMs?: () => number;
  /** The lease epoch the sends are conditional on (the scheduler's); none for an administrator's /utskick. */
  fence?: () => Fence | undefined;
}

/** Tells the administrator who confirmed /utskick what came of it; the Teams adapter renders it. */
export interface DispatchReporter {
  sendDispatchReport(
    conversation: StoredConversation,
    results: RecipientResult[],
    teams: string[],
    options: SendOptions,
  ): Promise<DeliveryOutcome>;
}

/** What /utskick's confirmation needs beyond the fan-out itself. */
export interface ConfirmDeps {
  permissions: Permissions;
  /** The fan-out runs after the answer: Teams gives an Action.Execute about five seconds. */
  background: BackgroundWork;
  rosters: { teams(): Promise<TeamRecord[]> };
  reporter: DispatchReporter;
  logger: Logger;
}

export type ConfirmOutcome = { kind: 'refused' } | { kind: 'alreadyStarted' } | { kind: 'started'; owners: number };

/** Owners served at once in a fan-out. */
export const FAN_OUT_CONCURRENCY = 8;

/**
 * The owners served at once, one set for the app: every plan's fan-out (and /utskick) takes its
 * turn in the same slots, as every message takes its turn in the app's one pacer.
 */
export const fanOutSlots = (): Bottleneck => new Bottleneck({ maxConcurrent: FAN_OUT_CONCURRENCY });

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
    private readonly confirming?: ConfirmDeps,
    private readonly slots: Bottleneck = fanOutSlots(),
  ) {}

  /**
   * /utskick confirmed: administrators only, once per confirmation card. The fan-out to every owner
   * runs in the background; its report follows in `reportTo`, sent once under its own key.
   */
  async confirm(actor: Person, requestId: string, reportTo: StoredConversation | undefined): Promise<ConfirmOutcome> {
    const deps = this.confirming;
    if (!deps || !deps.permissions.mayDispatch(actor.userId)) return { kind: 'refused' };
    const batch = { kind: 'manual', requestId } as const;
    if (await this.started(batch)) return { kind: 'alreadyStarted' };
    deps.background.run(async () => {
      const { results } = await this.toAllOwners({ batch, holder: actor.userId });
      deps.logger.info({ by: actor.userId, results: results.map((r) => [r.person.userId, r.outcome]) }, 'utskick');
      if (!reportTo) return;
      const teams = (await deps.rosters.teams()).map((t) => t.name ?? t.teamId);
      await this.sender.send(sendKeys.manualReport(requestId), actor.userId, { holder: actor.userId }, (_, o) =>
        deps.reporter.sendDispatchReport(reportTo, results, teams, o),
      );
    });
    return { kind: 'started', owners: new Set(this.ctx.deployment.owners.map((o) => o.owner.userId)).size };
  }

  /** Whether any send of the batch was claimed already: a confirmation pressed again. */
  async started(batch: SendBatch): Promise<boolean> {
    return (await this.sender.sends(sendKeys.batchPrefix(batch))).length > 0;
  }

  /**
   * Each owner role with its activities (plan order) and who gets its prompts today: the owner, or
   * the deputy while the owner is away. A role whose owner is away with nobody to stand in is
   * returned as uncovered (the administrators are told).
   */
  private roles(): Array<{ role: string; addressee: Addressee; activities: Activity[] }> {
    const activities = this.ctx.plan.recommendations.flatMap((r) => r.activities);
    const today = stockholmDate(this.ctx.clock.now());
    return this.ctx.deployment.owners
      .map((o) => ({
        role: o.role,
        addressee: addresseeOf(this.ctx.deployment, o, today),
        activities: activities.filter((a) => a.ownerRole === o.role),
      }))
      .sort((a, b) => activities.indexOf(a.activities[0]!) - activities.indexOf(b.activities[0]!));
  }

  /**
   * Returns each owner's result and whether every owner is done (sent, unreachable or skipped).
   * A few owners are in flight at once, so one slow or throttled recipient does not hold up the
   * rest; the notifier paces the messages and each owner's claim keeps every send single.
   */
  async toAllOwners(options: FanOutOptions): Promise<{ results: RecipientResult[]; complete: boolean }> {
    const states = options.unansweredSince ? await this.ctx.states.activityStates(this.ctx.plan.id) : [];
    const cycleDay = stockholmDate(options.cycleStartedAt ? new Date(options.cycleStartedAt) : this.ctx.clock.now());
    const cycleDays = this.ctx.deployment.schedule.prompts.everyWeeks * 7;
    const included = (a: Activity) =>
      promptedInCycle(this.ctx.plan, a, cycleDay, cycleDays) &&
      (!options.onlyActivityIds || options.onlyActivityIds.includes(a.id)) &&
      !options.exceptActivityIds?.includes(a.id);
    const recipients = this.roles()
      .map(({ role, addressee, activities }) => ({ role, addressee, activities: activities.filter(included) }))
      .map(({ role, addressee, activities }) => ({
        role,
        addressee,
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
    const outcomes = await Promise.all(
      recipients.map((r) => this.slots.schedule(() => this.sendTo(r.role, r.addressee, r.due, options))),
    );
    const results = recipients
      .map((r, i) => ({
        person: r.addressee.person ?? r.addressee.uncovered.owner,
        onBehalfOf: r.addressee.person ? r.addressee.onBehalfOf : undefined,
        activityIds: r.due.map((a) => a.id),
        ...outcomes[i]!,
      }))
      .filter((r): r is RecipientResult & { onBehalfOf: Member | undefined } => r.outcome !== 'stopped');
    const complete = outcomes.every((o) => o.outcome !== 'stopped' && o.outcome !== 'busy' && o.outcome !== 'failed');
    return { results, complete };
  }

  private async sendTo(
    role: string,
    addressee: Addressee,
    due: Activity[],
    options: FanOutOptions,
  ): Promise<{ outcome: RecipientOutcome | 'stopped'; reason?: UnreachableReason }> {
    if (options.mayContinue && !(await options.mayContinue())) return { outcome: 'stopped' };
    const key = sendKeys.of(options.batch, role);
    if (!addressee.person) {
      // Away with nobody to stand in: the administrators are told, once per key and administrator.
      await this.tellUncovered(key, addressee.uncovered, addressee.absence, due, options);
      return { outcome: 'uncovered' };
    }
    const person = addressee.person;
    const claimant = {
      holder: options.holder,
      staleAfterMs: options.staleAfterMs?.(),
      fence: options.fence?.(),
      mayContinue: options.mayContinue,
      // The scheduler's sends: a throttled owner waits outside the fan-out's slots, retried by a later pass.
      deferThrottled: options.fence !== undefined,
    };
    const result = await this.sender.send(key, person.userId, claimant, async (skip, sendOptions) => {
      // The chat is looked up (or opened) only after the claim, so a roster read or a second
      // instance in the meantime can never make the same key go out twice.
      const chat = await this.reach.chatWith(person);
      if ('unreachable' in chat) return chat;
      const prompts = await Promise.all(
        due.map((a) =>
          this.prompts.forActivity(a.id, {
            promptId: sendKeys.promptId(key, a.id),
            reminder: options.reminder,
            onBehalfOf: addressee.onBehalfOf,
          }),
        ),
      );
      const cards = prompts.filter((p) => p !== undefined).slice(skip);
      return this.notifier.sendPrompts(chat.conversation, cards, sendOptions);
    });
    return { outcome: result.outcome, reason: 'reason' in result ? result.reason : undefined };
  }

  /**
   * An owner away with no deputy: each administrator gets a message naming the owner, the period
   * and the activities, under a key of its own per administrator, so it goes once.
   */
  private async tellUncovered(
    key: string,
    assignment: OwnerAssignment,
    absence: Absence,
    due: Activity[],
    options: FanOutOptions,
  ): Promise<void> {
    const notice: UncoveredNotice = {
      owner: assignment.owner,
      from: absence.from,
      to: absence.to,
      activityIds: due.map((a) => a.id),
      reminder: options.reminder ?? 0,
    };
    const claimant = {
      holder: options.holder,
      staleAfterMs: options.staleAfterMs?.(),
      fence: options.fence?.(),
      mayContinue: options.mayContinue,
      // The scheduler's sends: a throttled owner waits outside the fan-out's slots, retried by a later pass.
      deferThrottled: options.fence !== undefined,
    };
    for (const admin of this.ctx.deployment.administrators) {
      await this.sender.send(
        sendKeys.uncovered(key, admin.userId),
        admin.userId,
        claimant,
        async (_skip, sendOptions) => {
          const chat = await this.reach.chatWith(admin);
          if ('unreachable' in chat) return chat;
          return this.notifier.sendUncovered(chat.conversation, notice, sendOptions);
        },
      );
    }
  }
}
