import { RECENT_ANSWERS, type StatusAnswer } from '../domain/answer';
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
import type { RecentAnswer } from './ports/stores';
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
    const state = await this.ctx.states.activityState(this.ctx.plan.id, id);
    const history = await this.history(id, state?.recent, historyLength);
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

  /**
   * The latest answers: by id from the current status, which keeps the latest few, so `/status 2a`
   * costs the same with 100 answers as with 100,000. A longer history, or a status written before
   * it kept them, is read from the answer log. An answer removed by gallring is simply not found
   * (gallring removes the oldest first, so the ones older than it are gone too).
   */
  private async history(
    activityId: string,
    recent: RecentAnswer[] | undefined,
    length: number,
  ): Promise<StatusAnswer[]> {
    const planId = this.ctx.plan.id;
    if (!recent || length > RECENT_ANSWERS) return this.ctx.answers.answerHistory(planId, activityId, length);
    const found = await Promise.all(
      recent.slice(0, length).map((r) => this.ctx.answers.answer(planId, activityId, r.id)),
    );
    return found.filter((a): a is StatusAnswer => a !== undefined);
  }
}
