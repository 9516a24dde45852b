import { createHash } from 'node:crypto';
import type { Person } from '../domain/answer';
import {
  checkAssessment,
  latestAssessments,
  type Assessment,
  type AssessmentDraft,
  type AssessmentProblem,
  type Verdict,
} from '../domain/assessment';
import { findRecommendation, type Recommendation } from '../domain/plan';
import type { FollowUpStore } from './ports';
import type { FollowUpContext } from './context';
import { commandOpens, verbOpens } from './permissionTable';

export interface AssessmentSubmission {
  recommendationId: string;
  /** The card the assessment came from; a retry of the same card carries the same id. */
  formId: string;
  draft: AssessmentDraft;
  actor: Person;
}

export type AssessmentOutcome =
  | { kind: 'saved'; assessment: Assessment; recommendation: Recommendation; retry: boolean }
  | { kind: 'invalid'; recommendation: Recommendation; problems: AssessmentProblem[] }
  | { kind: 'notAllowed' }
  | { kind: 'unknownRecommendation'; recommendationId: string }
  /** The plan is archived: read-only. */
  | { kind: 'archived' };

/**
 * The management group's (or an administrator's) assessment of how far a recommendation has come:
 * checked, then appended with who and when. Nothing is ever replaced; the latest one counts.
 */
export class RecordAssessment {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly store: FollowUpStore,
  ) {}

  mayAssess(userId: string): boolean {
    const knock = { deployment: this.ctx.deployment, plan: this.ctx.plan, userId };
    return commandOpens('/bedömning', knock) && verbOpens('submitAssessment', knock);
  }

  async latest(recommendationId: string): Promise<Assessment | undefined> {
    return latestAssessments(await this.store.assessments(this.ctx.plan.id)).get(recommendationId);
  }

  async submit(input: AssessmentSubmission): Promise<AssessmentOutcome> {
    const recommendation = findRecommendation(this.ctx.plan, input.recommendationId);
    if (!recommendation) return { kind: 'unknownRecommendation', recommendationId: input.recommendationId };
    if (!this.mayAssess(input.actor.userId)) return { kind: 'notAllowed' };
    if (this.ctx.plan.archived) return { kind: 'archived' };
    const problems = checkAssessment(input.draft);
    if (problems.length > 0) return { kind: 'invalid', recommendation, problems };
    const values = {
      verdict: input.draft.verdict as Verdict,
      analysis: input.draft.analysis!,
      effects: input.draft.effects!,
    };
    const assessment: Assessment = {
      id: createHash('sha256')
        .update(JSON.stringify([input.formId, recommendation.id, input.actor.userId, values]))
        .digest('hex')
        .slice(0, 32),
      planId: this.ctx.plan.id,
      recommendationId: recommendation.id,
      ...values,
      assessedBy: input.actor,
      assessedAt: this.ctx.clock.now().toISOString(),
      formId: input.formId,
    };
    const stored = await this.store.appendAssessment(assessment);
    if (stored === 'stored') return { kind: 'saved', assessment, recommendation, retry: false };
    const kept = (await this.store.assessments(this.ctx.plan.id)).find((a) => a.id === assessment.id) ?? assessment;
    return { kind: 'saved', assessment: kept, recommendation, retry: true };
  }
}
