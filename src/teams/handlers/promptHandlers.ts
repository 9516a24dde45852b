import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { answeringCapacity, ownerLabel } from '../../domain/deployment';
import { findRecommendation, type Activity } from '../../domain/plan';
import { renderCard, withoutRefresh, type AdaptiveCard } from '../cards/render';
import { answeredView, promptView, savedView, unchangedComment } from '../cards/promptViews';
import { refreshUsersFor } from '../refreshUsers';
import { stockholmDate } from '../../domain/dates';
import { overdueNotTicked } from '../../domain/answerRules';
import { dispatchConfirmView } from '../cards/views';
import {
  confirmDispatchData,
  correctStatusData,
  parseSubmission,
  refreshPromptData,
  showReceiptData,
  type ParsedSubmission,
} from '../cardData';
import { TEXT, unreachableText } from '../replies';
import { deploymentPeople } from '../../domain/reach';
import { reasonOfStatus } from '../../app/reach';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { answerWithCard, reply } from './reply';
import { maskedInputsOf } from './turnGuards';
import { conversationOf } from '../conversationRefs';
import type { StatusPrompt } from '../../app/ports';
import { statusCard } from './statusHandlers';

/** Commands with effects need their slash, so a sentence that starts with the word does nothing. */

type OwnerLineDeps = Pick<HandlerDeps, 'deployment' | 'plan'>;
/** "Karin Lind (Enhetschef, familjehemsenheten)": who answers for an activity. */
const ownerLine = (deps: OwnerLineDeps, activity: Activity): string =>
  ownerLabel(deps.plan, deps.deployment, activity.ownerRole);

type PromptCardDeps = Pick<HandlerDeps, 'book' | 'deployment'>;
/** A prompt card that Teams refreshes for the activity's owner and deputy when they open it again. */
async function promptCard(deps: PromptCardDeps, prompt: StatusPrompt, context?: TurnContext): Promise<AdaptiveCard> {
  const refreshUserIds = await refreshUsersFor(deps.book, deps.deployment, prompt.activity, context);
  return renderCard('statusPrompt', promptView(prompt, { refreshUserIds }));
}

type UpdateCommandDeps = Pick<
  HandlerDeps,
  'book' | 'deployment' | 'notifier' | 'permissions' | 'plan' | 'prompts' | 'reach'
>;
/** /uppdatera: the asker's own prompt cards, here and now; an administrator names the activity. */
export const updateCommand = (deps: UpdateCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  const argument = argumentOf(context).toLowerCase();
  const role = deps.prompts.mayAskFor(actor.userId);
  let prompts: StatusPrompt[];
  if (argument) {
    const prompt = await deps.prompts.forActivity(argument);
    if (!prompt) return reply(context, TEXT.unknownActivity(argument), 'plain');
    if (!deps.permissions.mayAnswerFor(prompt.activity, actor.userId)) {
      return reply(context, TEXT.updateNotAllowed(prompt.activity.id, ownerLine(deps, prompt.activity)));
    }
    prompts = [prompt];
  } else if (role === 'owner') {
    prompts = await deps.prompts.forUser(actor.userId);
  } else {
    const first = deps.plan.recommendations[0]?.activities[0]?.id ?? '1a';
    return reply(context, role === 'administrator' ? TEXT.administratorPicks(first) : TEXT.noActivities);
  }
  if (context.activity.conversation?.conversationType !== 'personal') return sendToPersonalChat(deps, context, prompts);
  await reply(context, TEXT.promptsHere(prompts.length));
  for (const prompt of prompts) await reply(context, await promptCard(deps, prompt, context));
};

type SendToPersonalChatDeps = Pick<HandlerDeps, 'deployment' | 'notifier' | 'reach'>;
/**
 * /uppdatera in a channel or group chat: the forms are the asker's own, and long, so they go to the
 * asker's 1:1 chat with the bot, and the channel is told so in one line.
 */
async function sendToPersonalChat(
  deps: SendToPersonalChatDeps,
  context: TurnContext,
  prompts: StatusPrompt[],
): Promise<void> {
  const actor = actorOf(context)!;
  const person = deploymentPeople(deps.deployment).find((p) => p.userId === actor.userId);
  const chat = person ? await deps.reach.chatWith(person) : undefined;
  if (!chat || 'unreachable' in chat) {
    const why = chat && 'unreachable' in chat ? unreachableText(chat.unreachable) : undefined;
    return reply(context, TEXT.promptsNotSentPersonally(actor.name, why));
  }
  const outcome = await deps.notifier.sendPrompts(chat.conversation, prompts);
  if (outcome.outcome !== 'sent') {
    const reason = outcome.outcome === 'unreachable' ? reasonOfStatus(outcome.status) : 'failed';
    return reply(context, TEXT.promptsNotSentPersonally(actor.name, unreachableText(reason)));
  }
  return reply(context, TEXT.promptsSentPersonally(actor.name, prompts.length));
}

type DispatchCommandDeps = Pick<HandlerDeps, 'deployment' | 'permissions'>;
/** /utskick: an administrator is asked to confirm first; nothing is sent yet. */
export const dispatchCommand = (deps: DispatchCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.permissions.mayDispatch(actor.userId)) return reply(context, TEXT.dispatchRefused);
  const owners = new Set(deps.deployment.owners.map((o) => o.owner.userId)).size;
  return reply(context, renderCard('dispatchConfirm', dispatchConfirmView(owners, randomUUID())));
};

type ConfirmDispatchActionDeps = Pick<HandlerDeps, 'clock' | 'dispatch' | 'permissions'>;
/**
 * "Skicka nu" on the confirmation: every owner gets their prompts. The sends are keyed by the
 * confirmation card, so pressing it twice sends nothing more.
 */
export const confirmDispatchAction =
  (deps: ConfirmDispatchActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<string> => {
    const parsed = confirmDispatchData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.dispatchRefused;
    if (parsed.data.cancel) {
      return deps.permissions.mayDispatch(actor.userId) ? TEXT.dispatchCancelled : TEXT.dispatchRefused;
    }
    const here = conversationOf(context.activity, deps.clock.now());
    const outcome = await deps.dispatch.confirm(actor, parsed.data.requestId, here);
    if (outcome.kind === 'refused') return TEXT.dispatchRefused;
    if (outcome.kind === 'alreadyStarted') return TEXT.dispatchConfirmed;
    return TEXT.dispatchStarted(outcome.owners);
  };

type SubmitStatusActionDeps = Pick<HandlerDeps, 'clock' | 'deployment' | 'logger' | 'plan' | 'prompts' | 'record'>;
/** Saving from the prompt card: the confirmation replaces it; a problem re-shows it with the owner's input. */
export const submitStatusAction =
  (deps: SubmitStatusActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = parseSubmission(data, maskedInputsOf(context));
    if (!parsed) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const submission = parsed.unchanged ? await asUnchanged(deps, parsed) : parsed;
    if (!submission) return TEXT.malformedAction;
    const outcome = await deps.record.submit({ ...submission, actor });
    switch (outcome.kind) {
      case 'unknownActivity':
        return TEXT.unknownActivity(outcome.activityId);
      case 'notAllowed':
        return TEXT.notAllowed(outcome.activity.id, ownerLine(deps, outcome.activity));
      case 'closed':
        return outcome.message;
      case 'unknownWhetherSaved':
        deps.logger.warn({ activity: outcome.activity.id, by: actor.userId }, 'Okänt om svaret sparades');
        return TEXT.answerOutcomeUnknown(outcome.activity.id);
      case 'savedNotCurrent':
        deps.logger.warn(
          { activity: outcome.activity.id, answer: outcome.answer.id, by: actor.userId },
          'Svar sparat, aktuell status inte flyttad',
        );
        return TEXT.answerSavedNotCurrent(outcome.activity.id);
      case 'invalid': {
        const prompt = await deps.prompts.forActivity(outcome.activity.id, { promptId: submission.promptId });
        const asks = outcome.problems.some((p) => p.confirmNotReached);
        const today = stockholmDate(deps.clock.now());
        // For the person's view only: a refresh must not take their input away.
        return withoutRefresh(
          renderCard(
            'statusPrompt',
            promptView(prompt!, {
              draft: submission.draft,
              problems: outcome.problems,
              corrects: submission.corrects,
              confirmNotReached: asks ? overdueNotTicked(outcome.activity, submission.draft, today) : [],
            }),
          ),
        );
      }
      case 'saved': {
        deps.logger.info(
          { activity: outcome.activity.id, answer: outcome.answer.id, by: actor.userId, retry: outcome.retry },
          'Svar sparat',
        );
        const rec = findRecommendation(deps.plan, outcome.activity.recommendationId)!;
        const receipt = withoutRefresh(
          renderCard('statusSaved', savedView(outcome.answer, outcome.activity, rec, outcome.capacity, outcome.retry)),
        );
        // Saved means saved on every device: in 1:1 chat the prompt message itself becomes the receipt.
        const failure = await answerWithCard(context, receipt, 'everyView');
        if (failure) deps.logger.warn({ err: failure, activity: outcome.activity.id }, 'prompt message not updated');
        return receipt;
      }
    }
  };

type AsUnchangedDeps = Pick<HandlerDeps, 'prompts'>;
/**
 * "Oförändrat": the previous answer's status, next step, milestones, link and indicators again,
 * with a comment saying so (the previous comment stays with the previous answer). Undefined when
 * there is no previous answer.
 */
async function asUnchanged(deps: AsUnchangedDeps, submission: ParsedSubmission): Promise<ParsedSubmission | undefined> {
  const prompt = await deps.prompts.forActivity(submission.activityId);
  const latest = prompt?.progress.latest;
  if (!latest) return undefined;
  return {
    ...submission,
    draft: {
      status: latest.status,
      comment: unchangedComment(latest),
      nextStep: latest.nextStep,
      milestonesReached: latest.milestonesReached,
      evidenceUrl: latest.evidenceUrl,
      indicators: { ...latest.indicators },
      personalData: [],
    },
  };
}

type CorrectStatusActionDeps = Pick<HandlerDeps, 'deployment' | 'permissions' | 'plan' | 'prompts'>;
/** "Rätta svaret": a new prompt, filled with the answer being corrected; saving it adds a new answer. */
export const correctStatusAction =
  (deps: CorrectStatusActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = correctStatusData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const [prompt, answer] = await Promise.all([
      deps.prompts.forActivity(parsed.data.activityId),
      deps.prompts.answer(parsed.data.activityId, parsed.data.answerId),
    ]);
    if (!prompt || !answer) return TEXT.malformedAction;
    if (!deps.permissions.mayAnswerFor(prompt.activity, actor.userId)) {
      return TEXT.updateNotAllowed(prompt.activity.id, ownerLine(deps, prompt.activity));
    }
    return withoutRefresh(renderCard('statusPrompt', promptView(prompt, { draft: answer, corrects: answer.id })));
  };

type ShowReceiptActionDeps = Pick<
  HandlerDeps,
  'assessments' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'prompts' | 'queries'
>;
/** "Tillbaka till kvittot": the receipt of a saved answer again, after navigating away from it. */
export const showReceiptAction =
  (deps: ShowReceiptActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = showReceiptData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const [activityId, answerId] = parsed.data.receipt.split(':') as [string, string];
    const [prompt, answer] = await Promise.all([
      deps.prompts.forActivity(activityId),
      deps.prompts.answer(activityId, answerId),
    ]);
    if (!prompt || !answer) return TEXT.malformedAction;
    // A receipt holds the evidence link and the indicator values: for anyone else, the activity as /status shows it.
    if (!deps.permissions.mayUseVerb('showReceipt', actorOf(context)?.userId, { activity: prompt.activity })) {
      return statusCard(deps, prompt.activity.id, actorOf(context)?.userId);
    }
    const capacity = answeringCapacity(deps.deployment, prompt.activity, answer.answeredBy.userId);
    return withoutRefresh(
      renderCard('statusSaved', savedView(answer, prompt.activity, prompt.recommendation, capacity, false)),
    );
  };

type RefreshPromptActionDeps = Pick<
  HandlerDeps,
  'assessments' | 'book' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'prompts' | 'queries'
>;
/**
 * Teams asks for a prompt card's current state (Universal Actions' refresh, `trigger: "automatic"`,
 * when the owner or deputy opens the chat, on any device): answered since the prompt was made, it
 * shows who answered and when, with "Rätta svaret"; otherwise the form with the latest answer.
 */
export const refreshPromptAction =
  (deps: RefreshPromptActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = refreshPromptData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const { activityId, promptId, sentAt } = parsed.data;
    const prompt = await deps.prompts.forActivity(activityId, { promptId, sentAt });
    if (!prompt) return TEXT.malformedAction;
    // Teams refreshes a card for whoever opens it: anyone else reads the activity as /status shows
    // it, without the form, the evidence link or the indicator values.
    if (!deps.permissions.mayUseVerb('refreshPrompt', actorOf(context)?.userId, { activity: prompt.activity })) {
      const readOnly = await statusCard(deps, prompt.activity.id, actorOf(context)?.userId);
      if (typeof readOnly !== 'string') await answerWithCard(context, readOnly, 'interactor');
      return readOnly;
    }
    const refreshUserIds = await refreshUsersFor(deps.book, deps.deployment, prompt.activity, context);
    const latest = prompt.progress.latest;
    const answer =
      latest && latest.answeredAt >= sentAt ? await deps.prompts.answer(activityId, latest.answerId) : undefined;
    const card = answer
      ? renderCard(
          'statusSaved',
          answeredView(answer, prompt.activity, prompt.recommendation, { promptId, sentAt, refreshUserIds }),
        )
      : renderCard('statusPrompt', promptView(prompt, { refreshUserIds }));
    // The refreshed card is this viewer's; the message itself is left as it is.
    await answerWithCard(context, card, 'interactor');
    return card;
  };
