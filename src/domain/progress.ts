import type { ActivityState } from './answer';
import { milestoneStates, nextMilestone, type MilestoneView } from './milestones';
import type { Activity, Plan, Recommendation } from './plan';
import { checkInFreshnessDays, type ClosureNote } from './lifecycle';
import { DEFAULT_FRESHNESS, standingFacts, standingOf, type Freshness, type Standing } from './standing';
import { rollUp, type RollupState } from './status';

/** Where one activity stands today. */
export interface ActivityProgress {
  activity: Activity;
  /** The light: what the owner reported weighed against the schedule (standing.ts). */
  state: RollupState;
  /** The facts behind the light, shown beside it. */
  standing: Standing;
  /** Who closed it, when and why, when it is closed. */
  closure?: ClosureNote;
  /** The day the progress is for (Stockholm). */
  today: string;
  latest?: ActivityState;
  milestones: MilestoneView[];
  overdue: MilestoneView[];
  next?: MilestoneView;
}

/** Where one recommendation stands today: its roll-up and each of its activities. */
export interface RecommendationProgress {
  recommendation: Recommendation;
  state: RollupState;
  activities: ActivityProgress[];
  counts: Record<RollupState, number>;
  latestAnswerAt?: string;
}

export function activityProgress(
  activity: Activity,
  latest: ActivityState | undefined,
  today: string,
  freshness: Freshness = DEFAULT_FRESHNESS,
  /** The closure that applies (the activity's own or its recommendation's), if any. */
  closure: ClosureNote | undefined = activity.closure,
): ActivityProgress {
  const reached = new Set(latest?.milestonesReached ?? []);
  const milestones = milestoneStates(activity, reached, today);
  const overdue = milestones.filter((m) => m.state === 'försenad');
  // Between check-ins an answer counts as current until the next check-in and a week.
  const current = activity.checkIns ? { staleAfterDays: checkInFreshnessDays(activity.checkIns, today) } : freshness;
  const standing = standingOf(standingFacts(latest, overdue.length, today, current, closure !== undefined));
  return {
    activity,
    state: standing.state,
    standing,
    ...(closure ? { closure } : {}),
    today,
    latest,
    milestones,
    overdue,
    next: nextMilestone(activity, reached, today),
  };
}

export function recommendationProgress(
  recommendation: Recommendation,
  states: ReadonlyMap<string, ActivityState>,
  today: string,
  freshness: Freshness = DEFAULT_FRESHNESS,
): RecommendationProgress {
  const activities = recommendation.activities.map((a) =>
    activityProgress(a, states.get(a.id), today, freshness, a.closure ?? recommendation.closure),
  );
  const counts = emptyCounts();
  for (const a of activities) counts[a.state] += 1;
  const latestAnswerAt = activities
    .map((a) => a.latest?.answeredAt)
    .filter((t): t is string => t !== undefined)
    .sort()
    .pop();
  return { recommendation, state: rollUp(activities.map((a) => a.state)), activities, counts, latestAnswerAt };
}

export function planProgress(
  plan: Plan,
  states: readonly ActivityState[],
  today: string,
  freshness: Freshness = DEFAULT_FRESHNESS,
): RecommendationProgress[] {
  const byActivity = new Map(states.map((s) => [s.activityId, s]));
  return plan.recommendations.map((r) => recommendationProgress(r, byActivity, today, freshness));
}

export function emptyCounts(): Record<RollupState, number> {
  return { ej_påbörjad: 0, pågår: 0, risk: 0, försenad: 0, klar: 0, inget_svar: 0, ej_uppdaterad: 0, avslutad: 0 };
}
