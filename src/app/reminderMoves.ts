import { pausedOn, type Deployment } from '../domain/deployment';
import { formatSwedishClock, formatSwedishWeekday, stockholmDate } from '../domain/dates';
import { findActivity } from '../domain/plan';
import type { Person } from '../domain/answer';
import type { Permissions } from './permissions';
import type { ScheduleStore } from './ports';
import type { WorkingCalendar } from './scheduling/calendar';
import type { FollowUpContext } from './context';
import type { LaterChoices, LaterDay } from './ports';

const DAY_MS = 86_400_000;
/** How far ahead the end of the cycle (the next prompt) is looked for. */
const CYCLE_HORIZON_DAYS = 120;
/** The weekday offered first when the cycle still has one: "Påminn mig på torsdag". */
const PREFERRED_WEEKDAY = 'torsdag';

export type MoveOutcome =
  | { outcome: 'moved'; text: string }
  | { outcome: 'unknownActivity' | 'notAllowed' | 'noCycle' | 'notOffered'; text: string };

/**
 * "Påminn mig på torsdag": an owner (or their deputy, or an administrator) moves an activity's
 * reminder to another working day left in the current cycle. The scheduler sends it on that day
 * instead of in the regular reminders, once, and not if the activity was answered meanwhile.
 */
export class ReminderMoves {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly store: ScheduleStore,
    private readonly calendar: WorkingCalendar,
    private readonly permissions: Permissions,
  ) {}

  private get deployment(): Deployment {
    return this.ctx.deployment;
  }

  /**
   * The working days left in the current cycle, after today and before the next prompt, outside the
   * schedule's pauses; undefined before the first cycle, in a paused one, or when no day is left.
   * The cycle's own prompt cards, made while it is being sent, offer them too.
   */
  async choices(): Promise<LaterChoices | undefined> {
    const cycle = (await this.store.jobCursor(this.ctx.plan.id, 'prompts'))?.value.current;
    if (!cycle || pausedOn(this.deployment.schedule, cycle.id)) return undefined;
    const now = this.ctx.clock.now();
    const { cron, everyWeeks, anchor } = this.deployment.schedule.prompts;
    const started = new Date(cycle.startedAt);
    const next = this.calendar.slots(
      cron,
      started,
      new Date(started.getTime() + CYCLE_HORIZON_DAYS * DAY_MS),
      everyWeeks,
      anchor,
    )[0];
    const end = next ? stockholmDate(next.dueAt) : undefined;
    const days: LaterDay[] = [];
    for (let day = this.calendar.addWorkingDays(stockholmDate(now), 1); !end || day < end;) {
      if (!pausedOn(this.deployment.schedule, day)) days.push({ day, title: formatSwedishWeekday(day) });
      day = this.calendar.addWorkingDays(day, 1);
      if (!end && days.length >= 10) break;
    }
    if (days.length === 0) return undefined;
    const suggested = (days.find((d) => d.title.startsWith(PREFERRED_WEEKDAY)) ?? days[0]!).day;
    return { cycleId: cycle.id, days, suggested };
  }

  /** Moves the activity's reminder of the current cycle to `day`: checked, stored, confirmed in Swedish. */
  async move(actor: Person, activityId: string, day: string): Promise<MoveOutcome> {
    const activity = findActivity(this.ctx.plan, activityId);
    if (!activity) return { outcome: 'unknownActivity', text: `Aktiviteten ${activityId} finns inte i planen.` };
    if (!this.permissions.mayUseVerb('remindLater', actor.userId, { activity })) {
      return {
        outcome: 'notAllowed',
        text: `Bara den ansvarige för ${activity.id}, ersättaren eller en administratör kan flytta påminnelsen.`,
      };
    }
    const choices = await this.choices();
    if (!choices) {
      return {
        outcome: 'noCycle',
        text: 'Det finns ingen arbetsdag kvar i den här omgången att flytta påminnelsen till. Inget har ändrats.',
      };
    }
    if (!choices.days.some((d) => d.day === day)) {
      return {
        outcome: 'notOffered',
        text: `Välj en av omgångens arbetsdagar (${choices.days.map((d) => d.title).join(', ')}). Inget har ändrats.`,
      };
    }
    const now = this.ctx.clock.now();
    await this.store.saveReminderMove({
      planId: this.ctx.plan.id,
      cycleId: choices.cycleId,
      activityId: activity.id,
      day,
      movedBy: { userId: actor.userId, name: actor.name },
      movedAt: now.toISOString(),
    });
    const cycle = (await this.store.jobCursor(this.ctx.plan.id, 'prompts'))!.value.current!;
    const at = this.calendar.atSameTime(day, new Date(cycle.startedAt));
    return {
      outcome: 'moved',
      text: `Du påminns ${formatSwedishWeekday(day)} kl. ${formatSwedishClock(at)} om ${activity.id}.`,
    };
  }
}
