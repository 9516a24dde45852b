import { daysBetween, formatSwedishDate } from './dates';
import type { Activity, CheckInNote, CheckInRhythm, ClosureNote, Plan, Recommendation } from './plan';

export type { CheckInNote, CheckInRhythm, ClosureNote };

/**
 * The plan's life after the follow-up (the seed: "December 2026, därefter löpande vid
 * avstämningar"; Andra linjen "till och med 2027"). A recommendation or an activity the committee
 * accepts as done is closed: kept, shown as closed, no longer asked about. Ongoing work moves to
 * check-ins at a slower rhythm. A plan whose recommendations are all closed can be archived.
 * Each is an administrator's revision of the plan (revisions.ts): append-only, with who, when, why.
 */

export const RHYTHM_LABEL: Record<CheckInRhythm, string> = {
  kvartal: 'varje kvartal',
  tertial: 'varje tertial',
  datum: 'på fasta datum i enhetens årshjul',
};

/** The month-days each rhythm checks in on. */
const RHYTHM_DAYS: Record<Exclude<CheckInRhythm, 'datum'>, string[]> = {
  kvartal: ['01-15', '04-15', '07-15', '10-15'],
  tertial: ['01-15', '05-15', '09-15'],
};

function monthDays(note: Pick<CheckInNote, 'rhythm' | 'dates'>): string[] {
  return note.rhythm === 'datum' ? note.dates : RHYTHM_DAYS[note.rhythm];
}

/** The check-in dates from one year to another, in order. */
export function checkInDates(note: Pick<CheckInNote, 'rhythm' | 'dates'>, fromYear: number, toYear: number): string[] {
  const out = new Set<string>();
  for (const d of monthDays(note)) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(d)) out.add(d);
    else for (let y = fromYear; y <= toYear; y++) out.add(`${y}-${d}`);
  }
  return [...out].sort();
}

/** Whether a check-in date falls in the window of `windowDays` days that ends on `day`. */
export function checkInDue(note: Pick<CheckInNote, 'rhythm' | 'dates'>, day: string, windowDays: number): boolean {
  const year = Number(day.slice(0, 4));
  return checkInDates(note, year - 1, year).some((d) => {
    const age = daysBetween(d, day);
    return age >= 0 && age < windowDays;
  });
}

/** The next check-in on or after `day`, if any. */
export function nextCheckIn(note: Pick<CheckInNote, 'rhythm' | 'dates'>, day: string): string | undefined {
  const year = Number(day.slice(0, 4));
  return checkInDates(note, year, year + 1).find((d) => d >= day);
}

/** The latest check-in on or before `day`, if any. */
export function lastCheckIn(note: Pick<CheckInNote, 'rhythm' | 'dates'>, day: string): string | undefined {
  const year = Number(day.slice(0, 4));
  return checkInDates(note, year - 1, year)
    .filter((d) => d <= day)
    .pop();
}

/** How long an answer counts as current between check-ins: the longest gap and a week. */
export function checkInFreshnessDays(note: Pick<CheckInNote, 'rhythm' | 'dates'>, day: string): number {
  const year = Number(day.slice(0, 4));
  const dates = checkInDates(note, year - 1, year + 1);
  let gap = 0;
  for (let i = 1; i < dates.length; i++) gap = Math.max(gap, daysBetween(dates[i - 1]!, dates[i]!));
  return (gap || 365) + 7;
}

/** The closure that applies to an activity: its own, or its recommendation's. */
export function closureOf(plan: Plan, activity: Activity): ClosureNote | undefined {
  return activity.closure ?? plan.recommendations.find((r) => r.id === activity.recommendationId)?.closure;
}

/** Whether prompts and reminders go out for the activity at all. */
export function isOpen(plan: Plan, activity: Activity): boolean {
  return !plan.archived && closureOf(plan, activity) === undefined;
}

/**
 * Whether the activity is prompted in a cycle that started on `cycleDay`: open, and either on the
 * regular rhythm or with a check-in date within the cycle (`cycleDays` long) that ends that day.
 */
export function promptedInCycle(plan: Plan, activity: Activity, cycleDay: string, cycleDays: number): boolean {
  if (!isOpen(plan, activity)) return false;
  return activity.checkIns ? checkInDue(activity.checkIns, cycleDay, cycleDays) : true;
}

/** Recommendations still open: the plan can be archived when there are none. */
export function openRecommendations(plan: Plan): Recommendation[] {
  return plan.recommendations.filter((r) => r.closure === undefined);
}

/** "Avslutad 12 januari 2027 av Anders Holm: Bedömd genomförd av ledningsgruppen." */
export function closureText(c: ClosureNote): string {
  return `Avslutad ${formatSwedishDate(c.at)} av ${c.by}: ${c.reason}`;
}

/** "Avstämningar varje kvartal (nästa 15 april 2027), sedan 12 januari 2027 av Anders Holm: skäl". */
export function checkInText(c: CheckInNote, today: string): string {
  const next = nextCheckIn(c, today);
  const dates = c.rhythm === 'datum' ? ` (${c.dates.join(', ')})` : '';
  return (
    `Avstämningar ${RHYTHM_LABEL[c.rhythm]}${dates}${next ? `, nästa ${formatSwedishDate(next)}` : ''}; ` +
    `sedan ${formatSwedishDate(c.at)} av ${c.by}: ${c.reason}`
  );
}
