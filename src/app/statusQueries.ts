import type { StatusAnswer } from '../domain/answer';
import { stockholmDate } from '../domain/dates';
import type { Deployment } from '../domain/deployment';
import { findActivity, findRecommendation } from '../domain/plan';
import {
  activityProgress,
  planProgress,
  recommendationProgress,
  type ActivityProgress,
  type RecommendationProgress,
} from '../domain/progress';
import type { FollowUpContext } from './context';
import { closureOf } from '../domain/lifecycle';
import { freshnessOf, type Freshness } from '../domain/standing';

export interface ActivityDetail extends ActivityProgress {
  history: StatusAnswer[];
}

/** How long an answer counts as current under the deployment's prompt cycle. */
export function deploymentFreshness(deployment: Deployment): Freshness {
  return freshnessOf(deployment.schedule.prompts.everyWeeks);
}

/** Read-side use cases: where the plan stands, for the status cards. */
export class StatusQueries {
  constructor(private readonly ctx: FollowUpContext) {}

  private today(): string {
    return stockholmDate(this.ctx.clock.now());
  }

  async overview(): Promise<RecommendationProgress[]> {
    return planProgress(
      this.ctx.plan,
      await this.ctx.states.activityStates(this.ctx.plan.id),
      this.today(),
      deploymentFreshness(this.ctx.deployment),
    );
  }

  async recommendation(id: string): Promise<RecommendationProgress | undefined> {
    const recommendation = findRecommendation(this.ctx.plan, id);
    if (!recommendation) return undefined;
    const states = await this.ctx.states.activityStates(this.ctx.plan.id);
    return recommendationProgress(
      recommendation,
      new Map(states.map((s) => [s.activityId, s])),
      this.today(),
      deploymentFreshness(this.ctx.deployment),
    );
  }

  async activity(id: string, historyLength = 5): Promise<ActivityDetail | undefined> {
    const activity = findActivity(this.ctx.plan, id);
    if (!activity) return undefined;
    const [state, history] = await Promise.all([
      this.ctx.states.activityState(this.ctx.plan.id, id),
      this.ctx.answers.answerHistory(this.ctx.plan.id, id, historyLength),
    ]);
    return {
      ...activityProgress(
        activity,
        state?.value,
        this.today(),
        deploymentFreshness(this.ctx.deployment),
        closureOf(this.ctx.plan, activity),
      ),
      history,
    };
  }
}
