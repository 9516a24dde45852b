import type { TurnContext } from 'botbuilder';
import { ownerOf } from '../../domain/deployment';
import { ownerRoleOf } from '../../domain/plan';
import type { StatusPrompt } from '../../app/prompts';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { promptView, savedView } from '../cards/promptViews';
import { correctStatusData, parseSubmission } from '../cardData';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

export const UPDATE_COMMAND = /^\s*\/?uppdatera\b/i;
export const DISPATCH_COMMAND = /^\s*\/?utskick\b/i;

const promptCard = (prompt: StatusPrompt): AdaptiveCard => renderCard('statusPrompt', promptView(prompt));

/** /uppdatera: the asker's own prompt cards, here and now; an administrator names the activity. */
export const updateCommand = (deps: HandlerDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  const argument = argumentOf(context, UPDATE_COMMAND).toLowerCase();
  const role = deps.prompts.mayAskFor(actor.userId);
  let prompts: StatusPrompt[];
  if (argument) {
    const prompt = await deps.prompts.forActivity(argument);
    if (!prompt) return reply(context, TEXT.unknownActivity(argument));
    prompts = [prompt];
  } else if (role === 'owner') {
    prompts = await deps.prompts.forUser(actor.userId);
  } else {
    const first = deps.plan.recommendations[0]?.activities[0]?.id ?? '1a';
    return reply(context, role === 'administrator' ? TEXT.administratorPicks(first) : TEXT.noActivities);
  }
  // Anyone may see a prompt; only the owner, the deputy or an administrator can save it.
  await reply(context, TEXT.promptsHere(prompts.length));
  for (const prompt of prompts) await reply(context, promptCard(prompt));
};

/** /utskick: an administrator sends every owner their prompts now. */
export const dispatchCommand = (deps: HandlerDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.deployment.administrators.some((a) => a.userId === actor.userId)) {
    return reply(context, TEXT.dispatchRefused);
  }
  const { results } = await deps.dispatch.toAllOwners({
    keyPrefix: `manual:${deps.clock.now().toISOString()}`,
    holder: actor.userId,
  });
  deps.logger.info({ by: actor.userId, results: results.map((r) => [r.person.userId, r.outcome]) }, 'utskick');
  return reply(context, TEXT.dispatchReport(results));
};

/** Saving from the prompt card: the confirmation replaces it; a problem re-shows it with the owner's input. */
export const submitStatusAction =
  (deps: HandlerDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const submission = parseSubmission(data);
    if (!submission) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const outcome = await deps.record.submit({ ...submission, actor });
    switch (outcome.kind) {
      case 'unknownActivity':
        return TEXT.unknownActivity(outcome.activityId);
      case 'notAllowed': {
        const owner = ownerOf(deps.deployment, outcome.activity.ownerRole)?.owner.name;
        const role = ownerRoleOf(deps.plan, outcome.activity.ownerRole)?.title ?? outcome.activity.ownerRole;
        return TEXT.notAllowed(outcome.activity.id, owner ? `${owner} (${role})` : role);
      }
      case 'invalid': {
        const prompt = await deps.prompts.forActivity(outcome.activity.id, { promptId: submission.promptId });
        return renderCard('statusPrompt', promptView(prompt!, { draft: submission.draft, problems: outcome.problems }));
      }
      case 'saved': {
        deps.logger.info(
          { activity: outcome.activity.id, answer: outcome.answer.id, by: actor.userId, retry: outcome.retry },
          'Svar sparat',
        );
        const rec = deps.plan.recommendations.find((r) => r.id === outcome.activity.recommendationId)!;
        return renderCard(
          'statusSaved',
          savedView(outcome.answer, outcome.activity, rec, outcome.capacity, outcome.retry),
        );
      }
    }
  };

/** "Rätta svaret": a new prompt, filled with the answer being corrected; saving it adds a new answer. */
export const correctStatusAction =
  (deps: HandlerDeps) =>
  async (_context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = correctStatusData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const [prompt, answer] = await Promise.all([
      deps.prompts.forActivity(parsed.data.activityId),
      deps.prompts.answer(parsed.data.activityId, parsed.data.answerId),
    ]);
    if (!prompt || !answer) return TEXT.malformedAction;
    return renderCard('statusPrompt', promptView(prompt, { draft: answer }));
  };
