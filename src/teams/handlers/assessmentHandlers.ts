import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { parseStatusTarget } from '../../app/commands';
import type { AssessmentDraft, AssessmentProblem } from '../../domain/assessment';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { assessmentSavedView, assessmentView } from '../cards/assessmentViews';
import { parseAssessment, showAssessmentData } from '../cardData';
import { maskedInputsOf } from './turnGuards';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type AssessmentCardDeps = Pick<HandlerDeps, 'assessments' | 'plan' | 'queries'>;
/** The assessment form for a recommendation, or why there is none. */
async function assessmentCard(
  deps: AssessmentCardDeps,
  recommendationId: string,
  options: { draft?: AssessmentDraft; problems?: AssessmentProblem[]; formId?: string } = {},
): Promise<AdaptiveCard | string> {
  const progress = await deps.queries.recommendation(recommendationId);
  if (!progress) return TEXT.assessmentWhich(deps.plan.recommendations.map((r) => `rek${r.number}`).join(', '));
  const previous = await deps.assessments.latest(recommendationId);
  return renderCard(
    'assessment',
    assessmentView(progress, options.formId ?? randomUUID(), {
      previous,
      draft: options.draft,
      problems: options.problems,
    }),
  );
}

type AssessmentCommandDeps = Pick<HandlerDeps, 'assessments' | 'plan' | 'queries'>;
/** /bedömning rek2: the form, for the management group and administrators. */
export const assessmentCommand = (deps: AssessmentCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.assessments.mayAssess(actor.userId)) return reply(context, TEXT.assessmentRefused);
  const target = parseStatusTarget(argumentOf(context), deps.plan);
  const id = target.kind === 'recommendation' ? target.id : '';
  return reply(context, await assessmentCard(deps, id));
};

type ShowAssessmentActionDeps = Pick<HandlerDeps, 'assessments' | 'plan' | 'queries'>;
/** "Bedöm rek 2" on the recommendation card: the form in the card's place. */
export const showAssessmentAction =
  (deps: ShowAssessmentActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = showAssessmentData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor || !deps.assessments.mayAssess(actor.userId)) return TEXT.assessmentRefused;
    return assessmentCard(deps, parsed.data.recommendationId);
  };

type SubmitAssessmentActionDeps = Pick<HandlerDeps, 'assessments' | 'logger' | 'plan' | 'queries'>;
/** Saving the form: a confirmation in its place, or the form again with the problems and the input kept. */
export const submitAssessmentAction =
  (deps: SubmitAssessmentActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const submission = parseAssessment(data, maskedInputsOf(context));
    if (!submission) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const outcome = await deps.assessments.submit({ ...submission, actor });
    switch (outcome.kind) {
      case 'unknownRecommendation':
      case 'notAllowed':
        return outcome.kind === 'notAllowed' ? TEXT.assessmentRefused : TEXT.malformedAction;
      case 'archived':
        return TEXT.archivedAssessment;
      case 'invalid':
        return assessmentCard(deps, outcome.recommendation.id, {
          draft: submission.draft,
          problems: outcome.problems,
          formId: submission.formId,
        });
      case 'saved':
        deps.logger.info(
          { recommendation: outcome.recommendation.id, assessment: outcome.assessment.id, by: actor.userId },
          'assessment saved',
        );
        return renderCard(
          'assessmentSaved',
          assessmentSavedView(outcome.assessment, outcome.recommendation, outcome.retry),
        );
    }
  };
