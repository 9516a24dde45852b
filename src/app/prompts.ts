import { randomUUID } from 'node:crypto';
import { stockholmDate } from '../domain/dates';
import { activitiesOf, ownerOf, type Member } from '../domain/deployment';
import { commandOpens } from './permissionTable';
import { findActivity, findRecommendation } from '../domain/plan';
import { activityProgress } from '../domain/progress';
import type { StatusAnswer } from '../domain/answer';
import type { FollowUpContext } from './context';
import { isOpen } from '../domain/lifecycle';
import { deploymentFreshness } from './statusQueries';
import type { LaterChoices } from './ports';
import type { StatusPrompt } from './ports';

export class StatusPrompts {
  constructor(
    private readonly ctx: FollowUpContext,
    /** The days a reminder may be moved to; without it the card offers none. */
    private readonly later?: { choices(): Promise<LaterChoices | undefined> },
  ) {}

  /** The prompt for one activity, fresh (a new prompt id unless one is given). */
  async forActivity(
    activityId: string,
    options: { promptId?: string; reminder?: number; sentAt?: string; onBehalfOf?: Member } = {},
  ): Promise<StatusPrompt | undefined> {
    const activity = findActivity(this.ctx.plan, activityId);
    if (!activity) return undefined;
    const recommendation = findRecommendation(this.ctx.plan, activity.recommendationId)!;
    const [state, later] = await Promise.all([
      this.ctx.states.activityState(this.ctx.plan.id, activity.id),
      this.later?.choices(),
    ]);
    return {
      promptId: options.promptId ?? randomUUID(),
      activity,
      recommendation,
      progress: activityProgress(
        activity,
        state?.value,
        stockholmDate(this.ctx.clock.now()),
        deploymentFreshness(this.ctx.deployment),
      ),
      ownerName: ownerOf(this.ctx.deployment, activity.ownerRole)?.owner.name ?? activity.ownerRole,
      onBehalfOf: options.onBehalfOf,
      reminder: options.reminder ?? 0,
      sentAt: options.sentAt ?? this.ctx.clock.now().toISOString(),
      ...(later ? { later } : {}),
    };
  }

  /** Prompts for every activity the user answers for as owner or deputy. */
  async forUser(userId: string): Promise<StatusPrompt[]> {
    const prompts = await Promise.all(
      activitiesOf(this.ctx.deployment, this.ctx.plan, userId)
        // A closed activity is no longer asked about; one on check-ins may be answered any time.
        .filter((a) => isOpen(this.ctx.plan, a))
        .map((a) => this.forActivity(a.id)),
    );
    return prompts.filter((p): p is StatusPrompt => p !== undefined);
  }

  mayAskFor(userId: string): 'owner' | 'administrator' | 'none' {
    if (activitiesOf(this.ctx.deployment, this.ctx.plan, userId).length > 0) return 'owner';
    // Without activities of one's own, only an administrator passes /uppdatera's door.
    const knock = { deployment: this.ctx.deployment, plan: this.ctx.plan, userId };
    return commandOpens('/uppdatera', knock) ? 'administrator' : 'none';
  }

  /** One earlier answer, to start a correction from. */
  async answer(activityId: string, answerId: string): Promise<StatusAnswer | undefined> {
    return this.ctx.answers.answer(this.ctx.plan.id, activityId, answerId);
  }
}
