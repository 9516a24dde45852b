import { createHash } from 'node:crypto';
import { isLater, stateFromAnswer, type ActivityState, type StatusAnswer } from '../domain/answer';
import { latestAssessments, type Assessment } from '../domain/assessment';
import { stockholmDate } from '../domain/dates';
import { answeringCapacity, ownerLabel, type Capacity } from '../domain/deployment';
import { findActivity, type Activity, type Indicator, type Plan } from '../domain/plan';
import { planProgress, type ActivityProgress, type RecommendationProgress } from '../domain/progress';
import type { MilestoneView } from '../domain/milestones';
import type { PaperDetails } from '../domain/paper';
import type { AuditEntry, FixedVersion } from './ports/records';
import type { FollowUpContext } from './context';
import { withoutControlCharacters } from '../domain/text';
import { standingRuleTexts } from '../domain/standing';
import { deploymentFreshness } from './statusQueries';

export type { PaperDetails };

/** Who fixed a version and when; absent on a draft. */
export type VersionStamp = Pick<FixedVersion, 'version' | 'fixedBy' | 'fixedAt'>;

/** How an answer came to be, as the report marks it. */
export interface AnswerMarking {
  /** Given by someone other than the owner: "ersättare" or "administratör" (undefined: the owner). */
  onBehalf?: Capacity | 'annan';
  /** The earlier answer this one corrects. */
  corrects?: StatusAnswer;
}

export interface MarkedAnswer {
  answer: StatusAnswer;
  activity: Activity;
  marking: AnswerMarking;
}

export interface ReportMilestone {
  view: MilestoneView;
  /** "enligt åtgärdsplanen" or the answer that first reported it reached. */
  reachedBy?: { perPlan: true } | { perPlan: false; answer: StatusAnswer };
}

export interface IndicatorTrend {
  indicator: Indicator;
  /** Every value reported, oldest first. */
  points: Array<{ at: string; value: number; by: string }>;
}

export interface ReportActivity {
  progress: ActivityProgress;
  owner: string;
  milestones: ReportMilestone[];
  trends: IndicatorTrend[];
  history: MarkedAnswer[];
}

export interface ReportRecommendation {
  progress: RecommendationProgress;
  assessment?: Assessment;
  /** Earlier assessments, oldest first: kept, superseded by the latest. */
  earlierAssessments: Assessment[];
  activities: ReportActivity[];
}

/**
 * The follow-up report as of one instant: only answers and assessments given up to then count,
 * so the report of a fixed version is the same whenever it is made again.
 */
export interface FollowUpReport {
  plan: Plan;
  asOf: string;
  period: { from: string; to: string };
  planSha256: string;
  /** SHA-256 of the report's content (all of the above and below but the version stamp), printed in it. */
  contentSha256: string;
  version?: VersionStamp;
  /** How the lights are set, one sentence per rule (domain/standing.ts), printed in the report. */
  standingRules: string[];
  recommendations: ReportRecommendation[];
  /** Every answer, oldest first: the appendix. */
  answers: MarkedAnswer[];
  /** Every change to how the follow-up is run (owners, deputies, absences, schedule), oldest first. */
  changes: AuditEntry[];
  /** What people have written for the committee's paper; what is absent is drafted from the data. */
  paper?: PaperDetails;
}

/** The first day any part of the plan started, as the plan dates it. */
function planStart(plan: Plan): string {
  const starts = plan.recommendations.flatMap((r) => [r.start.from, ...r.activities.map((a) => a.start.from)]);
  return starts.filter((d): d is string => d !== undefined).sort()[0] ?? stockholmDate(new Date(0));
}

function ownerName(ctx: Pick<FollowUpContext, 'plan' | 'deployment'>, roleId: string): string {
  return ownerLabel(ctx.plan, ctx.deployment, roleId);
}

/** The latest answer per activity among those given (answers are oldest first). */
function latestStates(answers: readonly StatusAnswer[]): ActivityState[] {
  const latest = new Map<string, ActivityState>();
  for (const a of answers) {
    const current = latest.get(a.activityId);
    if (!current || isLater(a, current)) latest.set(a.activityId, stateFromAnswer(a));
  }
  return [...latest.values()];
}

export interface ReportSources {
  answers: StatusAnswer[];
  assessments: Assessment[];
  planSha256: string;
  /** The deployment's audit log (owners, deputies, absences, schedule), oldest first. */
  changes?: AuditEntry[];
  paper?: PaperDetails;
}

const clean = <T extends string | undefined>(text: T): T =>
  (text === undefined ? text : withoutControlCharacters(text)) as T;

/** Builds the report from everything given up to `asOf` (an ISO instant). */
export function buildFollowUpReport(
  ctx: Pick<FollowUpContext, 'plan' | 'deployment'>,
  sources: ReportSources,
  asOf: string,
  version?: VersionStamp,
): FollowUpReport {
  // Whatever was stored before the edge removed them, no control character or lone surrogate reaches a record.
  const answers = sources.answers
    .map((a) => ({ ...a, comment: clean(a.comment), nextStep: clean(a.nextStep), evidenceUrl: clean(a.evidenceUrl) }))
    .filter((a) => a.answeredAt <= asOf)
    .sort((a, b) => (a.answeredAt === b.answeredAt ? a.id.localeCompare(b.id) : a.answeredAt < b.answeredAt ? -1 : 1));
  const assessments = sources.assessments
    .filter((a) => a.assessedAt <= asOf)
    .map((a) => ({ ...a, analysis: clean(a.analysis), effects: clean(a.effects) }));
  const byId = new Map(answers.map((a) => [a.id, a]));
  const marked: MarkedAnswer[] = answers.map((answer) => {
    const activity = findActivity(ctx.plan, answer.activityId)!;
    const capacity = activity ? answeringCapacity(ctx.deployment, activity, answer.answeredBy.userId) : undefined;
    const corrects = answer.corrects ? byId.get(answer.corrects) : undefined;
    return {
      answer,
      activity,
      marking: {
        ...(capacity === 'ägare' ? {} : { onBehalf: capacity ?? 'annan' }),
        ...(corrects ? { corrects } : {}),
      },
    };
  });
  const known = marked.filter((m) => m.activity !== undefined);
  const latestAssessment = latestAssessments(assessments);
  const today = stockholmDate(new Date(asOf));
  const content = {
    plan: ctx.plan,
    asOf,
    period: { from: planStart(ctx.plan), to: today },
    planSha256: sources.planSha256,
    standingRules: standingRuleTexts(deploymentFreshness(ctx.deployment)),
    recommendations: planProgress(
      ctx.plan,
      latestStates(known.map((m) => m.answer)),
      today,
      deploymentFreshness(ctx.deployment),
    ).map((progress) => {
      const assessment = latestAssessment.get(progress.recommendation.id);
      return {
        progress,
        ...(assessment ? { assessment } : {}),
        earlierAssessments: assessments.filter(
          (a) => a.recommendationId === progress.recommendation.id && a.id !== assessment?.id,
        ),
        activities: progress.activities.map((p) => {
          const history = known.filter((m) => m.activity.id === p.activity.id);
          return {
            progress: p,
            owner: ownerName(ctx, p.activity.ownerRole),
            milestones: p.milestones.map((view) => ({ view, reachedBy: reachedBy(view, history) })),
            trends: p.activity.indicators.map((indicator) => ({
              indicator,
              points: history
                .filter((m) => m.answer.indicators[indicator.id] !== undefined)
                .map((m) => ({
                  at: m.answer.answeredAt,
                  value: m.answer.indicators[indicator.id]!,
                  by: m.answer.answeredBy.name,
                })),
            })),
            history,
          };
        }),
      };
    }),
    answers: known,
    changes: (sources.changes ?? []).filter((c) => c.at <= asOf),
    ...(sources.paper ? { paper: sources.paper } : {}),
  };
  const contentSha256 = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { ...content, contentSha256, ...(version ? { version } : {}) };
}

function reachedBy(view: MilestoneView, history: MarkedAnswer[]): ReportMilestone['reachedBy'] {
  if (view.state !== 'uppnådd') return undefined;
  if (view.milestone.reached) return { perPlan: true };
  const first = history.find((m) => m.answer.milestonesReached.includes(view.milestone.id));
  return first ? { perPlan: false, answer: first.answer } : undefined;
}

/** The change between the first and the latest value of a trend, e.g. "+15". */
export function trendChange(trend: IndicatorTrend): number | undefined {
  if (trend.points.length < 2) return undefined;
  return trend.points.at(-1)!.value - trend.points[0]!.value;
}
