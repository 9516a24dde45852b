import { ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { containsPersonalIdentityNumber } from '../../domain/personalData';
import { KNOWN_VERBS } from '../cardData';
import { conversationOf } from '../conversationRefs';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { activitiesOf } from '../../domain/deployment';
import { formatSwedishDateTime } from '../../domain/dates';
import { reply } from './reply';

export const ACTION_INVOKE = 'adaptiveCard/action';

/** Turn state: what remembering this activity's conversation came to ('created' the first time). */
const CONVERSATION_SAVED = Symbol('conversationSaved');

const actionEnvelope = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().refine((v) => KNOWN_VERBS.has(v)),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Answers a card action with a message in the card's place, as Teams expects of every invoke. */
export async function answerInvoke(context: TurnContext, message: string): Promise<void> {
  if (context.turnState.get(INVOKE_RESPONSE_KEY)) return;
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 200,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: message },
    },
  });
}

const isCardAction = (context: TurnContext): boolean =>
  context.activity.type === ActivityTypes.Invoke && context.activity.name === ACTION_INVOKE;

/**
 * Runs before any route: remembers where the activity came from, and stops input the routes
 * should never see. Returns false to end the turn here.
 */
export const beforeTurn =
  (deps: HandlerDeps) =>
  async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    const removed = activity.type === ActivityTypes.InstallationUpdate && /^remove/.test(activity.action ?? '');
    if (!removed) {
      const conversation = conversationOf(activity, deps.clock.now());
      if (conversation) context.turnState.set(CONVERSATION_SAVED, await deps.book.remember(conversation));
    }

    if (isCardAction(context) && !actionEnvelope.safeParse(activity.value).success) {
      await answerInvoke(context, TEXT.malformedAction);
      return false;
    }
    if (activity.type === ActivityTypes.Message && containsPersonalIdentityNumber(activity.text ?? '')) {
      await reply(context, TEXT.personalNumberInMessage);
      return false;
    }
    return true;
  };

/**
 * Installed for a person the first time: a welcome saying what they will get. Removed from a chat
 * or a team: nothing more is sent there. Installs repeat (every page load in the Playground), so
 * the welcome goes only with the conversation's first record.
 */
export const installationUpdate = (deps: HandlerDeps) => async (context: TurnContext) => {
  const { activity } = context;
  if (/^remove/.test(activity.action ?? '')) {
    const conversation = conversationOf(activity, deps.clock.now());
    if (conversation) await deps.book.forget(conversation.key, deps.clock.now());
    return;
  }
  const actor = actorOf(context);
  if (
    context.turnState.get(CONVERSATION_SAVED) !== 'created' ||
    activity.conversation?.conversationType !== 'personal' ||
    !actor
  ) {
    return;
  }
  const activityIds = activitiesOf(deps.deployment, deps.plan, actor.userId).map((a) => a.id);
  const now = deps.clock.now();
  const { cron, everyWeeks, anchor } = deps.deployment.schedule.prompts;
  const next = deps.calendar.slots(cron, now, new Date(now.getTime() + 120 * 86_400_000), everyWeeks, anchor)[0];
  await reply(context, TEXT.welcome(actor.name, activityIds, next ? formatSwedishDateTime(next.dueAt) : undefined));
};

/** One place for failures: log them, tell the user nothing was saved, and answer a card action anyway. */
export const onTurnError = (deps: HandlerDeps) => async (context: TurnContext, error: Error) => {
  deps.logger.error(
    { err: error, activityType: context.activity.type, name: context.activity.name },
    'Aktiviteten kunde inte hanteras',
  );
  if (isCardAction(context)) await answerInvoke(context, TEXT.somethingWentWrong).catch(() => undefined);
  else await context.sendActivity(TEXT.somethingWentWrong).catch(() => undefined);
};
