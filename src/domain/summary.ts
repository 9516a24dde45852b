import { awaitsAnswer, type ActivityState } from './answer';
import { daysBetween, thisAndNextMonth } from './dates';
import type { MilestoneView } from './milestones';
import { milestonesDueWithin } from './milestones';
import { isOpen, lastCheckIn } from './lifecycle';
import type { Activity, Plan } from './plan';
import { emptyCounts, planProgress, type ActivityProgress, type RecommendationProgress } from './progress';
import type { Freshness } from './standing';
import type { RollupState } from './status';
import type { Unreachable } from './reach';

export interface SummaryActivity {
  progress: ActivityProgress;
  /** Days since the latest answer; undefined before the first. */
  answerAgeDays?: number;
  /** The state the previous summary showed, when it differs from today's. */
  changedFrom?: RollupState;
}

export interface MilestoneDue {
  activity: Activity;
  view: MilestoneView;
}

/** Where the plan stands this week, for the management group. */
export interface WeeklySummary {
  today: string;
  recommendations: Array<{ progress: RecommendationProgress; activities: SummaryActivity[] }>;
  counts: Record<RollupState, number>;
  notAnswered: Array<{ name: string; activityIds: string[] }>;
  unreachable: Unreachable[];
  /** Recipients whose prompt is still being sent (claimed, or failed and due for another attempt). */
  pending: string[];
  dueSoon: MilestoneDue[];
  overdue: MilestoneDue[];
  cycleStartedAt?: string;
  previousAt?: string;
  /** The months "due soon" covers: this month and the next, so a month-long date is never cut off. */
  dueMonths: [string, string];
  promptsSent: boolean;
}

export interface SummaryInput {
  plan: Plan;
  states: ActivityState[];
  today: string;
  /** Owner name per owner role. */
  owners: Array<{ name: string; role: string }>;
  /** When the current prompt cycle started: an answer before it does not count as answered. */
  cycleStartedAt?: string;
  previous?: { at: string; statuses: Record<string, string> };
  unreachable: Unreachable[];
  pending?: string[];
  /** Whether any prompt went out, scheduled or by /utskick, in this cycle. */
  promptsSent?: boolean;
  /** How long an answer counts as current (the deployment's cycle); the domain default otherwise. */
  freshness?: Freshness;
}

export function weeklySummary(input: SummaryInput): WeeklySummary {
  const progress = planProgress(input.plan, input.states, input.today, input.freshness);
  const counts = emptyCounts();
  const dueSoon: MilestoneDue[] = [];
  const overdue: MilestoneDue[] = [];
  const months = thisAndNextMonth(input.today);
  const dueWithin = daysBetween(input.today, months.lastDay);
  const recommendations = progress.map((p) => ({
    progress: p,
    activities: p.activities.map((a): SummaryActivity => {
      counts[a.state] += 1;
      const reached = new Set(a.latest?.milestonesReached ?? []);
      dueSoon.push(
        ...milestonesDueWithin(a.activity, reached, input.today, dueWithin).map((view) => ({
          activity: a.activity,
          view,
        })),
      );
      overdue.push(...a.overdue.map((view) => ({ activity: a.activity, view })));
      const before = input.previous?.statuses[a.activity.id] as RollupState | undefined;
      return {
        progress: a,
        answerAgeDays: a.latest ? daysBetween(a.latest.answeredAt.slice(0, 10), input.today) : undefined,
        changedFrom: input.previous && (before ?? 'inget_svar') !== a.state ? (before ?? 'inget_svar') : undefined,
      };
    }),
  }));

  // A closed activity awaits nothing; one on check-ins awaits an answer since its latest check-in.
  const answerDueSince = (activity: Activity): string | undefined =>
    activity.checkIns ? lastCheckIn(activity.checkIns, input.today) : input.cycleStartedAt;
  const notAnswered = input.owners
    .map((o) => ({
      name: o.name,
      activityIds: progress
        .flatMap((p) => p.activities)
        .filter(
          (a) =>
            a.activity.ownerRole === o.role &&
            isOpen(input.plan, a.activity) &&
            awaitsAnswer(a.latest, answerDueSince(a.activity)),
        )
        .map((a) => a.activity.id),
    }))
    .filter((o) => o.activityIds.length > 0);

  return {
    today: input.today,
    recommendations,
    counts,
    notAnswered,
    unreachable: input.unreachable,
    pending: input.pending ?? [],
    dueSoon: dueSoon.sort((a, b) => (a.view.daysLeft ?? 0) - (b.view.daysLeft ?? 0)),
    overdue,
    cycleStartedAt: input.cycleStartedAt,
    previousAt: input.previous?.at,
    dueMonths: months.names,
    promptsSent: input.promptsSent ?? input.cycleStartedAt !== undefined,
  };
}

/** What the next summary compares with. */
export function snapshotOf(summary: WeeklySummary): Record<string, string> {
  return Object.fromEntries(
    summary.recommendations.flatMap((r) => r.activities.map((a) => [a.progress.activity.id, a.progress.state])),
  );
}
