import type { StatusAnswer } from '../domain/answer';
import { latestAssessments } from '../domain/assessment';
import { stockholmDate } from '../domain/dates';
import { ownerOf } from '../domain/deployment';
import { allActivities, dateText, type Activity } from '../domain/plan';
import { planProgress, type ActivityProgress } from '../domain/progress';
import type { FollowUpStore } from './ports';
import type { FollowUpContext } from './statusQueries';

/** What a viewer of the tab may see, from the bot's own permission table (see DashboardAccess). */
export type DashboardRole = 'ledning' | 'ägare' | 'läsare';

/**
 * The questions the dashboard asks of the permission table. Kept this small so the table can be
 * swapped for the shared one without touching the use case.
 */
export interface DashboardAccess {
  seesEverything(userId: string): boolean;
  mayAnswerFor(activity: Activity, userId: string): boolean;
}

export interface DashboardMilestone {
  id: string;
  title: string;
  /** The seed's own words for the date ("våren 2026"). */
  dateWords: string;
  from?: string;
  to?: string;
  state: string;
  reached?: string;
  revision?: { kind: 'moved' | 'added'; from?: string; to: string; reason: string; by: string; at: string };
}

export interface DashboardAnswer {
  answeredBy: string;
  answeredAt: string;
  status: string;
  comment?: string;
  nextStep?: string;
  evidenceUrl?: string;
  indicators: Record<string, number>;
}

export interface DashboardActivity {
  id: string;
  recommendationId: string;
  unit: string;
  title: string;
  owner?: string;
  state: string;
  milestones: DashboardMilestone[];
  indicators: Array<{ id: string; question: string; unit: string; min: number; max: number }>;
  history: DashboardAnswer[];
  /** The owner has not answered since the cycle began. */
  unanswered: boolean;
}

export interface DashboardView {
  role: DashboardRole;
  planId: string;
  planTitle: string;
  today: string;
  overview: Array<{
    id: string;
    title: string;
    state: string;
    closed: number;
    total: number;
    assessment?: { verdict: string; assessedAt: string; assessedBy: string };
  }>;
  /** Only the activities the viewer may see; none for a reader. */
  activities: DashboardActivity[];
}

/** How far back "this cycle" reaches when no answer is newer: a week, the bot's prompt rhythm. */
const CYCLE_DAYS = 7;

/**
 * The tab's read model: the overview for everyone signed in to the tenant; activities with their
 * history, links and indicator values only for those the permission table lets see them.
 */
export class DashboardQueries {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly followUp: Pick<FollowUpStore, 'assessments'>,
    private readonly access: DashboardAccess,
  ) {}

  roleOf(userId: string): DashboardRole {
    if (this.access.seesEverything(userId)) return 'ledning';
    return allActivities(this.ctx.plan).some((a) => this.access.mayAnswerFor(a, userId)) ? 'ägare' : 'läsare';
  }

  async view(userId: string): Promise<DashboardView> {
    const plan = this.ctx.plan;
    const now = this.ctx.clock.now();
    const today = stockholmDate(now);
    const role = this.roleOf(userId);
    const [states, assessments] = await Promise.all([
      this.ctx.states.activityStates(plan.id),
      role === 'läsare' ? Promise.resolve([]) : this.followUp.assessments(plan.id),
    ]);
    const progress = planProgress(plan, states, today);
    const latest = latestAssessments(assessments);
    const visible = allActivities(plan).filter((a) => role === 'ledning' || this.access.mayAnswerFor(a, userId));
    const histories = await Promise.all(visible.map((a) => this.ctx.answers.answerHistory(plan.id, a.id)));
    const byId = new Map(progress.flatMap((r) => r.activities.map((a) => [a.activity.id, a] as const)));
    const cycleStart = new Date(now.getTime() - CYCLE_DAYS * 86_400_000).toISOString();
    return {
      role,
      planId: plan.id,
      planTitle: plan.title,
      today,
      overview: progress.map((r) => {
        const assessment = latest.get(r.recommendation.id);
        return {
          id: r.recommendation.id,
          title: r.recommendation.title,
          state: r.state,
          closed: r.counts.klar,
          total: r.activities.length,
          assessment: assessment && {
            verdict: assessment.verdict,
            assessedAt: assessment.assessedAt,
            assessedBy: assessment.assessedBy.name,
          },
        };
      }),
      activities: visible.map((a, i) =>
        this.activityView(a, byId.get(a.id)!, histories[i]!, cycleStart, recommendationOf(a.id)),
      ),
    };
  }

  private activityView(
    activity: Activity,
    progress: ActivityProgress,
    history: StatusAnswer[],
    cycleStart: string,
    recommendationId: string,
  ): DashboardActivity {
    return {
      id: activity.id,
      recommendationId,
      unit: activity.unit,
      title: activity.title,
      owner: ownerOf(this.ctx.deployment, activity.ownerRole)?.owner.name,
      state: progress.state,
      milestones: progress.milestones.map(({ milestone: m, state }) => ({
        id: m.id,
        title: m.title,
        dateWords: dateText(m.due),
        from: m.due.from,
        to: m.due.to,
        state,
        reached: m.reached ? dateText(m.reached.when) : reachedAt(history, m.id),
        revision: m.revision && {
          kind: m.revision.kind,
          from: m.revision.original && dateText(m.revision.original),
          to: dateText(m.due),
          reason: m.revision.reason,
          by: m.revision.by,
          at: m.revision.at,
        },
      })),
      indicators: activity.indicators.map(({ id, question, unit, min, max }) => ({ id, question, unit, min, max })),
      history: history
        .map((h) => ({
          answeredBy: h.answeredBy.name,
          answeredAt: h.answeredAt,
          status: h.status,
          comment: h.comment,
          nextStep: h.nextStep,
          evidenceUrl: h.evidenceUrl,
          indicators: h.indicators,
        }))
        .sort((x, y) => x.answeredAt.localeCompare(y.answeredAt)),
      unanswered: !history.some((h) => h.answeredAt >= cycleStart),
    };
  }
}

const recommendationOf = (activityId: string): string => activityId.replace(/[a-z]+$/, '');

/** The first answer that reported the milestone reached. */
function reachedAt(history: StatusAnswer[], milestoneId: string): string | undefined {
  return history
    .filter((h) => h.milestonesReached.includes(milestoneId))
    .map((h) => stockholmDate(new Date(h.answeredAt)))
    .sort()[0];
}
