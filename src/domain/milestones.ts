import { daysBetween } from './dates';
import type { Activity, Milestone } from './plan';

export type MilestoneState = 'uppnådd' | 'försenad' | 'kommande' | 'löpande';

export interface MilestoneView {
  milestone: Milestone;
  state: MilestoneState;
  /** Days until the end of its range (negative when overdue); undefined for milestones without dates. */
  daysLeft?: number;
}

/**
 * A milestone the plan document reports as done is reached whatever the answers say.
 * A milestone is overdue when the last day its date can mean has passed in Stockholm and nobody
 * has reported it reached. "december 2026" is therefore due on 31 December 2026.
 */
export function milestoneState(m: Milestone, reached: ReadonlySet<string>, today: string): MilestoneView {
  if (m.reached || reached.has(m.id)) return { milestone: m, state: 'uppnådd' };
  if (m.due.to === undefined) return { milestone: m, state: 'löpande' };
  const daysLeft = daysBetween(today, m.due.to);
  return { milestone: m, state: daysLeft < 0 ? 'försenad' : 'kommande', daysLeft };
}

export function milestoneStates(activity: Activity, reached: ReadonlySet<string>, today: string): MilestoneView[] {
  return activity.milestones.map((m) => milestoneState(m, reached, today));
}

export function overdueMilestones(activity: Activity, reached: ReadonlySet<string>, today: string): MilestoneView[] {
  return milestoneStates(activity, reached, today).filter((v) => v.state === 'försenad');
}

/** The next dated milestone not yet reached and not overdue, soonest first. */
export function nextMilestone(
  activity: Activity,
  reached: ReadonlySet<string>,
  today: string,
): MilestoneView | undefined {
  return milestoneStates(activity, reached, today)
    .filter((v) => v.state === 'kommande')
    .sort((a, b) => (a.daysLeft ?? 0) - (b.daysLeft ?? 0))[0];
}

/** Milestones not reached whose range ends within `days` days from today. */
export function milestonesDueWithin(
  activity: Activity,
  reached: ReadonlySet<string>,
  today: string,
  days: number,
): MilestoneView[] {
  return milestoneStates(activity, reached, today).filter(
    (v) => v.state === 'kommande' && v.daysLeft !== undefined && v.daysLeft <= days,
  );
}
