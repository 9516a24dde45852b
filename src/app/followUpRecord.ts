import type { StatusAnswer } from '../domain/answer';
import { stockholmDate } from '../domain/dates';
import { ownerOf } from '../domain/deployment';
import { ownerRoleOf } from '../domain/plan';
import { planProgress, type ActivityProgress, type RecommendationProgress } from '../domain/progress';
import type { FollowUpContext } from './statusQueries';

/** The follow-up record: where every activity stands and every answer ever given, oldest first. */
export interface FollowUpRecord {
  generatedAt: Date;
  recommendations: Array<{
    progress: RecommendationProgress;
    activities: Array<{ progress: ActivityProgress; owner: string; history: StatusAnswer[] }>;
  }>;
}

/** Builds the record the units keep in their quality management system (SOSFS 2011:9). */
export async function followUpRecord(ctx: FollowUpContext): Promise<FollowUpRecord> {
  const [states, answers] = await Promise.all([
    ctx.answers.activityStates(ctx.plan.id),
    ctx.answers.allAnswers(ctx.plan.id),
  ]);
  const now = ctx.clock.now();
  return {
    generatedAt: now,
    recommendations: planProgress(ctx.plan, states, stockholmDate(now)).map((progress) => ({
      progress,
      activities: progress.activities.map((a) => {
        const role = ownerRoleOf(ctx.plan, a.activity.ownerRole)?.title ?? a.activity.ownerRole;
        const person = ownerOf(ctx.deployment, a.activity.ownerRole)?.owner.name;
        return {
          progress: a,
          owner: person ? `${person} (${role})` : role,
          history: answers.filter((x) => x.activityId === a.activity.id),
        };
      }),
    })),
  };
}
