import { pausedOn, type Schedule } from '../../domain/deployment';
import type { Clock } from '../ports';
import type { WorkingCalendar } from './calendar';

const DAY_MS = 86_400_000;

/** Days ahead the greeting looks for the next prompt. */
const PROMPT_HORIZON_DAYS = 120;
/** Days ahead /koppla looks for the next weekly summary. */
const SUMMARY_HORIZON_DAYS = 35;

/** When the next scheduled send of each kind is due, as the greeting and /koppla tell people. */
export class NextSends {
  constructor(
    /** The schedule as it stands now: administrators change it in Teams. */
    private readonly schedule: () => Schedule,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
  ) {}

  /** The next prompt cycle outside the schedule's pauses, within PROMPT_HORIZON_DAYS. */
  prompt(): Date | undefined {
    const now = this.clock.now();
    const schedule = this.schedule();
    const { cron, everyWeeks, anchor } = schedule.prompts;
    return this.calendar
      .slots(cron, now, new Date(now.getTime() + PROMPT_HORIZON_DAYS * DAY_MS), everyWeeks, anchor)
      .find((slot) => !pausedOn(schedule, slot.id))?.dueAt;
  }

  /** The next weekly summary, within SUMMARY_HORIZON_DAYS. */
  summary(): Date | undefined {
    const now = this.clock.now();
    return this.calendar.slots(
      this.schedule().summary.cron,
      now,
      new Date(now.getTime() + SUMMARY_HORIZON_DAYS * DAY_MS),
    )[0]?.dueAt;
  }
}
