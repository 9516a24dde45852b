import { Cron } from 'croner';
import type HolidaysType from 'date-holidays';
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../../domain/dates';

/** A scheduled moment: its slot id (the local date the pattern named) and when it is actually due. */
export interface Slot {
  id: string;
  /** The pattern's date, moved to the next working day if it fell on a weekend or holiday. */
  dueAt: Date;
  /** Set when the slot was moved: the holiday or "helg" it avoided. */
  movedFrom?: string;
}

const MAX_REMEMBERED_DAYS = 20_000;
const MAX_REMEMBERED_SLOTS = 1_000;

/**
 * Swedish working days and cron slots in Europe/Stockholm. Public holidays come from date-holidays
 * (SE), plus midsommarafton, julafton and nyårsafton, which are not working days in Swedish
 * municipalities either.
 */
export class WorkingCalendar {
  /** date-holidays and its rule data (about 0.3 s to load) are loaded when a date is first asked about, not at start. */
  private loaded?: HolidaysType;

  private get holidays(): HolidaysType {
    if (!this.loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Holidays = require('date-holidays') as typeof HolidaysType;
      this.loaded = new Holidays('SE', { types: ['public', 'bank'] });
    }
    return this.loaded;
  }

  /**
   * Each date's answer, once worked out: date-holidays computes a year's rules afresh on every
   * question (about 1 ms), and a fan-out asks about the same few weeks for every owner.
   */
  private readonly days = new Map<string, string | undefined>();

  /** The holiday's name, "helg" for a weekend, or undefined for a working day. */
  dayOff(isoDate: string): string | undefined {
    if (this.days.has(isoDate)) return this.days.get(isoDate);
    const day = DateTime.fromISO(isoDate, { zone: TIME_ZONE });
    const found = day.weekday >= 6 ? undefined : this.holidays.isHoliday(day.set({ hour: 12 }).toJSDate());
    const answer = day.weekday >= 6 ? 'helg' : found ? found.map((h) => h.name).join(', ') : undefined;
    // A few years of dates at most in any deployment's life; the bound only guards against a runaway caller.
    if (this.days.size >= MAX_REMEMBERED_DAYS) this.days.clear();
    this.days.set(isoDate, answer);
    return answer;
  }

  isWorkingDay(isoDate: string): boolean {
    return this.dayOff(isoDate) === undefined;
  }

  /** The date itself if it is a working day, else the first working day after it. */
  nextWorkingDay(isoDate: string): string {
    let day = DateTime.fromISO(isoDate, { zone: TIME_ZONE });
    while (!this.isWorkingDay(day.toISODate()!)) day = day.plus({ days: 1 });
    return day.toISODate()!;
  }

  /** `days` working days after the date (the date itself not counted). */
  addWorkingDays(isoDate: string, days: number): string {
    let day = DateTime.fromISO(isoDate, { zone: TIME_ZONE });
    for (let left = days; left > 0;) {
      day = day.plus({ days: 1 });
      if (this.isWorkingDay(day.toISODate()!)) left -= 1;
    }
    return day.toISODate()!;
  }

  /** The instant of a local date and the time of day of another instant, in Stockholm. */
  atSameTime(isoDate: string, timeOf: Date): Date {
    const t = DateTime.fromJSDate(timeOf, { zone: TIME_ZONE });
    return DateTime.fromISO(isoDate, { zone: TIME_ZONE }).set({ hour: t.hour, minute: t.minute }).toJSDate();
  }

  /** Local date of an instant in Stockholm. */
  localDate(at: Date): string {
    return DateTime.fromJSDate(at, { zone: TIME_ZONE }).toISODate()!;
  }

  /**
   * Slots of a cron pattern due in (after, until], each moved past weekends and holidays, keeping
   * only every n-th week counted from the anchor's week.
   */
  slots(pattern: string, after: Date, until: Date, everyWeeks = 1, anchor?: string): Slot[] {
    // The same question is asked for every card of a cycle (its end, for "Påminn mig"): answered once.
    const key = JSON.stringify([pattern, after.getTime(), until.getTime(), everyWeeks, anchor ?? '']);
    let found = this.answered.get(key);
    if (!found) {
      found = this.slotsOf(pattern, after, until, everyWeeks, anchor);
      if (this.answered.size >= MAX_REMEMBERED_SLOTS) this.answered.clear();
      this.answered.set(key, found);
    }
    return [...found];
  }

  private readonly answered = new Map<string, readonly Slot[]>();

  private slotsOf(pattern: string, after: Date, until: Date, everyWeeks: number, anchor?: string): Slot[] {
    const cron = new Cron(pattern, { timezone: TIME_ZONE, paused: true });
    const anchorWeek = anchor ? DateTime.fromISO(anchor, { zone: TIME_ZONE }).startOf('week') : undefined;
    const result: Slot[] = [];
    // Start early enough that a slot moved forward past a long holiday is still seen.
    let cursor: Date | null = new Date(after.getTime() - 14 * 86_400_000);
    while ((cursor = cron.nextRun(cursor)) && cursor <= until) {
      const id = this.localDate(cursor);
      if (anchorWeek) {
        const weeks = Math.round(
          DateTime.fromISO(id, { zone: TIME_ZONE }).startOf('week').diff(anchorWeek, 'weeks').weeks,
        );
        if (weeks < 0 || weeks % everyWeeks !== 0) continue;
      }
      const workday = this.nextWorkingDay(id);
      const dueAt = workday === id ? cursor : this.atSameTime(workday, cursor);
      if (dueAt > after && dueAt <= until) {
        result.push({ id, dueAt, ...(workday !== id ? { movedFrom: this.dayOff(id) } : {}) });
      }
    }
    return result;
  }
}

/** Throws with the pattern's problem when croner cannot read it. */
export function checkCronPattern(pattern: string): string | undefined {
  try {
    new Cron(pattern, { timezone: TIME_ZONE, paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
