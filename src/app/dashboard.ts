import type { ActivityState, StatusAnswer } from '../domain/answer';
import { latestAssessments } from '../domain/assessment';
import { stockholmDate } from '../domain/dates';
import { ownerOf, type Deployment } from '../domain/deployment';
import { allActivities, dateText, type Activity } from '../domain/plan';
import { planProgress, type ActivityProgress } from '../domain/progress';
import { LIGHT, ROLLUP_LABEL, STATUSES, STATUS_LABEL, type Light } from '../domain/status';
import type { FollowUpStore, ScheduleStore } from './ports';
import { sendKeys } from './sendOnce';
import type { FollowUpContext } from './context';

/** What a viewer of the tab may see, from the bot's own permission table (see DashboardAccess). */
export type DashboardRole = 'ledning' | 'ägare' | 'läsare';

/** The questions the dashboard asks of the bot's permission table (Permissions answers them). */
export interface DashboardAccess {
  maySeeWholePlan(userId: string): boolean;
  maySeeActivity(activity: Activity, userId: string): boolean;
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
  statusLabel: string;
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
  stateLabel: string;
  light: Light;
  milestones: DashboardMilestone[];
  indicators: Array<{ id: string; question: string; unit: string; min: number; max: number }>;
  /** The latest answer only (the current state); the history is fetched per activity (see history()). */
  latest?: DashboardAnswer;
  /** The owner has not answered since the cycle began. */
  unanswered: boolean;
  /** How this cycle's prompt to the owner went: sent, unreachable (with why), failed, on its way, or none yet. */
  delivery: { cycle?: string; outcome: 'sent' | 'unreachable' | 'failed' | 'pending' | 'none'; reason?: string };
}

/** The statuses a history may be narrowed to: those an owner reports. */
export const HISTORY_STATUSES = STATUSES;

/** What the history of one activity may be narrowed to: a status and a period (dates, inclusive). */
export interface HistoryFilter {
  status?: string;
  from?: string;
  to?: string;
}

/** One activity's answers, oldest first, as its filter narrows them, and when each milestone was first reported reached. */
export interface DashboardHistory {
  activityId: string;
  answers: DashboardAnswer[];
  reached: Record<string, string>;
}

/** A fixed version of the follow-up report, as the tab lists it for download. */
export interface DashboardReport {
  version: number;
  fixedBy: string;
  fixedAt: string;
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
    stateLabel: string;
    light: Light;
    /** Milestones past their date that nobody marked reached: the schedule's side of the light. */
    overdue: number;
    closed: number;
    total: number;
    assessment?: { verdict: string; assessedAt: string; assessedBy: string };
  }>;
  /** Only the activities the viewer may see, each with its latest answer; none for a reader. */
  activities: DashboardActivity[];
  /** The fixed report versions; only for the management group and administrators. */
  reports: DashboardReport[];
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
    private readonly followUp: Pick<FollowUpStore, 'assessments' | 'versions'>,
    private readonly schedule: Pick<ScheduleStore, 'jobCursor' | 'sends'>,
    private readonly access: DashboardAccess,
  ) {}

  roleOf(userId: string): DashboardRole {
    if (this.access.maySeeWholePlan(userId)) return 'ledning';
    return allActivities(this.ctx.plan).some((a) => this.access.maySeeActivity(a, userId)) ? 'ägare' : 'läsare';
  }

  async view(userId: string): Promise<DashboardView> {
    const plan = this.ctx.plan;
    const now = this.ctx.clock.now();
    const today = stockholmDate(now);
    const role = this.roleOf(userId);
    const [states, assessments, versions, cursor] = await Promise.all([
      this.ctx.states.activityStates(plan.id),
      role === 'läsare' ? Promise.resolve([]) : this.followUp.assessments(plan.id),
      role === 'ledning' ? this.followUp.versions(plan.id) : Promise.resolve([]),
      role === 'läsare' ? Promise.resolve(undefined) : this.schedule.jobCursor(plan.id, 'prompts'),
    ]);
    const cycle = cursor?.value.current?.id;
    const prompts = cycle
      ? await this.schedule.sends(plan.id, sendKeys.batchPrefix({ kind: 'prompt', cycleId: cycle }))
      : [];
    const progress = planProgress(plan, states, today);
    const latest = latestAssessments(assessments);
    const visible = allActivities(plan).filter((a) => role === 'ledning' || this.access.maySeeActivity(a, userId));
    const latestOf = new Map(states.map((s) => [s.activityId, s] as const));
    const byId = new Map(progress.flatMap((r) => r.activities.map((a) => [a.activity.id, a] as const)));
    const recommendationOf = new Map(
      plan.recommendations.flatMap((r) => r.activities.map((a) => [a.id, r.id] as const)),
    );
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
          stateLabel: ROLLUP_LABEL[r.state],
          light: LIGHT[r.state],
          overdue: r.activities.reduce((n, a) => n + a.overdue.length, 0),
          closed: r.counts.klar + r.counts.avslutad,
          total: r.activities.length,
          assessment: assessment && {
            verdict: assessment.verdict,
            assessedAt: assessment.assessedAt,
            assessedBy: assessment.assessedBy.name,
          },
        };
      }),
      activities: visible.map((a) => ({
        ...this.activityView(a, byId.get(a.id)!, latestOf.get(a.id), cycleStart, recommendationOf.get(a.id)!),
        delivery: this.delivery(a, cycle, prompts),
      })),
      reports: versions.map((v) => ({ version: v.version, fixedBy: v.fixedBy.name, fixedAt: v.fixedAt })),
    };
  }

  /**
   * One activity's answer history, for those the permission table lets see it (undefined for
   * anyone else, and for an activity the plan does not have): a point read of that activity only.
   */
  async history(userId: string, activityId: string, filter: HistoryFilter = {}): Promise<DashboardHistory | undefined> {
    const plan = this.ctx.plan;
    const activity = allActivities(plan).find((a) => a.id === activityId);
    if (!activity) return undefined;
    if (!this.access.maySeeWholePlan(userId) && !this.access.maySeeActivity(activity, userId)) return undefined;
    const history = await this.ctx.answers.answerHistory(plan.id, activity.id);
    const reached: Record<string, string> = {};
    for (const m of activity.milestones) {
      const at = reachedAt(history, m.id);
      if (at) reached[m.id] = at;
    }
    const day = (iso: string): string => stockholmDate(new Date(iso));
    const answers = history
      .filter(
        (h) =>
          (!filter.status || h.status === filter.status) &&
          (!filter.from || day(h.answeredAt) >= filter.from) &&
          (!filter.to || day(h.answeredAt) <= filter.to),
      )
      .map(answerView)
      .sort((x, y) => x.answeredAt.localeCompare(y.answeredAt));
    return { activityId: activity.id, answers, reached };
  }

  /** The current cycle's prompt for the activity's owner role (to the owner, or the deputy standing in). */
  private delivery(
    activity: Activity,
    cycle: string | undefined,
    prompts: Array<{ recipient: string; outcome?: string; reason?: string; key: string }>,
  ): DashboardActivity['delivery'] {
    if (!cycle) return { outcome: 'none' };
    const key = sendKeys.of({ kind: 'prompt', cycleId: cycle }, activity.ownerRole);
    const send = prompts.find((p) => p.key === key);
    if (!send) return { cycle, outcome: 'none' };
    const outcome = (send.outcome ?? 'pending') as DashboardActivity['delivery']['outcome'];
    return { cycle, outcome, ...(send.reason ? { reason: send.reason } : {}) };
  }

  private activityView(
    activity: Activity,
    progress: ActivityProgress,
    latest: ActivityState | undefined,
    cycleStart: string,
    recommendationId: string,
  ): Omit<DashboardActivity, 'delivery'> {
    return {
      id: activity.id,
      recommendationId,
      unit: activity.unit,
      title: activity.title,
      owner: ownerOf(this.ctx.deployment, activity.ownerRole)?.owner.name,
      state: progress.state,
      stateLabel: ROLLUP_LABEL[progress.state],
      light: LIGHT[progress.state],
      milestones: progress.milestones.map(({ milestone: m, state }) => ({
        id: m.id,
        title: m.title,
        dateWords: dateText(m.due),
        from: m.due.from,
        to: m.due.to,
        state,
        // When an answer reported it reached is in the activity's history (fetched when opened).
        reached: m.reached ? dateText(m.reached.when) : undefined,
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
      latest: latest && answerView(latest),
      unanswered: !latest || latest.answeredAt < cycleStart,
    };
  }
}

function answerView(
  h: Pick<StatusAnswer, 'answeredBy' | 'answeredAt' | 'status' | 'comment' | 'nextStep' | 'evidenceUrl' | 'indicators'>,
): DashboardAnswer {
  return {
    answeredBy: h.answeredBy.name,
    answeredAt: h.answeredAt,
    status: h.status,
    statusLabel: STATUS_LABEL[h.status],
    comment: h.comment,
    nextStep: h.nextStep,
    evidenceUrl: h.evidenceUrl,
    indicators: h.indicators,
  };
}

/** The first answer that reported the milestone reached. */
function reachedAt(history: StatusAnswer[], milestoneId: string): string | undefined {
  return history
    .filter((h) => h.milestonesReached.includes(milestoneId))
    .map((h) => stockholmDate(new Date(h.answeredAt)))
    .sort()[0];
}

/** Local mode's stand-in for sign-on: someone with no part in any plan, to see the tab as a reader. */
export const LOCAL_READER = { userId: 'utan-roll', name: 'Någon utan roll i planen' };

/** The deployments' people as the local tab offers them (the Playground's users), each once, with their part. */
export function tabPeople(deployments: Deployment[]): Array<{ userId: string; name: string; role: string }> {
  const people = new Map<string, { userId: string; name: string; role: string }>();
  const add = (m: { userId: string; name: string }, role: string): void => {
    if (!people.has(m.userId)) people.set(m.userId, { userId: m.userId, name: m.name, role });
  };
  for (const d of deployments) {
    d.administrators.forEach((m) => add(m, 'Administratör'));
    d.managementGroup.forEach((m) => add(m, 'Ledningsgruppen'));
    d.owners.forEach((o) => add(o.owner, 'Aktivitetsägare'));
    d.owners.forEach((o) => o.deputy && add(o.deputy, 'Ersättare'));
  }
  add(LOCAL_READER, 'Läsare');
  return [...people.values()];
}
