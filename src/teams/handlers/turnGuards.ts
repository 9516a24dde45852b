import { ActivityTypes, INVOKE_RESPONSE_KEY, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { containsPersonalIdentityNumber } from '../../domain/personalData';
import { cleanFreeText } from '../../domain/text';
import { KNOWN_VERBS, screenCardData } from '../cardData';
import { conversationOf } from '../conversationRefs';
import { TEXT } from '../replies';
import { actorOf, tenantOf, type HandlerDeps } from './context';
import { readTeamRoster, teamFrom } from './rosterHandlers';
import { reply } from './reply';
import { isStoreUnavailable } from '../../app/errors';

export const ACTION_INVOKE = 'adaptiveCard/action';

/** How stale the deployment a turn sees may be: another instance's change shows within a second. */
const DEPLOYMENT_MAX_AGE_MS = 1_000;

/** Turn state: what remembering this activity's conversation came to ('created' the first time). */
const CONVERSATION_SAVED = Symbol('conversationSaved');
/** Turn state: the card inputs in which a personal identity number was found and masked. */
const MASKED_INPUTS = Symbol('maskedInputs');

/** The card inputs of this turn that held a personal identity number (now masked). */
export const maskedInputsOf = (context: TurnContext): string[] =>
  (context.turnState.get(MASKED_INPUTS) as string[] | undefined) ?? [];

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

type BeforeTurnDeps = Pick<HandlerDeps, 'book' | 'clock' | 'live' | 'logger' | 'tenantId'>;
/**
 * Runs before any route: remembers where the activity came from, and stops input the routes
 * should never see. Returns false to end the turn here.
 */
export const beforeTurn =
  (deps: BeforeTurnDeps) =>
  async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    // Another organisation's Teams: a short refusal, and nothing about it is stored.
    if (tenantOf(context) !== deps.tenantId) {
      deps.logger.warn({ type: activity.type }, 'request from another tenant refused');
      if (isCardAction(context)) await answerInvoke(context, TEXT.wrongTenant);
      else if (activity.type === ActivityTypes.Message) await reply(context, TEXT.wrongTenant);
      return false;
    }
    // The screen runs before anything reads a card's data, so no handler, card or log sees the number.
    if ((activity.type === ActivityTypes.Invoke || activity.type === ActivityTypes.Message) && activity.value != null) {
      const whole = screenCardData(activity.value);
      if (whole.tooDeep) {
        deps.logger.warn({ type: activity.type, name: activity.name }, 'card data nested too deep refused');
        if (isCardAction(context)) await answerInvoke(context, TEXT.cardTooDeep);
        else if (activity.type === ActivityTypes.Message) await reply(context, TEXT.cardTooDeep);
        return false;
      }
      const data = (activity.value as { action?: { data?: unknown } } | null)?.action?.data;
      const inData = data === undefined ? undefined : screenCardData(data);
      context.turnState.set(MASKED_INPUTS, inData && !inData.tooDeep ? inData.inputs : []);
      activity.value = whole.data;
    }
    // Control characters and lone surrogates never reach a store, a card or the record.
    if (typeof activity.text === 'string') activity.text = cleanFreeText(activity.text);
    if (activity.type === ActivityTypes.Message && containsPersonalIdentityNumber(activity.text ?? '', 'html')) {
      await reply(context, TEXT.personalNumberInMessage);
      return false;
    }
    const removed = activity.type === ActivityTypes.InstallationUpdate && /^remove/.test(activity.action ?? '');
    if (!removed) {
      const conversation = conversationOf(activity, deps.clock.now());
      // Remembering where to write later is a side matter: a store that cannot be written to must
      // not keep anyone from reading /status. The next turn tries again.
      if (conversation) {
        try {
          const installed = activity.type === ActivityTypes.InstallationUpdate;
          context.turnState.set(CONVERSATION_SAVED, await deps.book.remember(conversation, { checkStore: installed }));
        } catch (error) {
          deps.logger.warn({ err: error, key: conversation.key }, 'conversation reference not saved');
        }
      }
    }

    if (isCardAction(context) && !actionEnvelope.safeParse(activity.value).success) {
      await answerInvoke(context, TEXT.malformedAction);
      return false;
    }
    // Who owns what, who administers, who is away: as the store holds it now (another instance,
    // or an administrator through it, may have changed it), read at most once a second. A failed
    // read keeps the last one known.
    try {
      await deps.live.refresh(DEPLOYMENT_MAX_AGE_MS);
    } catch (error) {
      deps.logger.warn({ err: error }, 'deployment not re-read');
    }
    return true;
  };

type InstallationUpdateDeps = Pick<HandlerDeps, 'book' | 'clock' | 'logger' | 'reach' | 'rosters'>;
/**
 * Installed for a person the first time: a welcome saying what they will get. Installed in a team:
 * its roster is read, so its members can be reached. Removed from a chat or a team: nothing more
 * is sent there. Installs repeat (every page load in the Playground), so the welcome goes only
 * with the conversation's first record, and only if no other path greeted the person already.
 */
export const installationUpdate = (deps: InstallationUpdateDeps) => async (context: TurnContext) => {
  const { activity } = context;
  const inTeam = teamFrom(context);
  if (/^remove/.test(activity.action ?? '')) {
    const conversation = conversationOf(activity, deps.clock.now());
    if (conversation) await deps.book.forget(conversation.key, deps.clock.now());
    if (inTeam) await deps.rosters.teamRemoved(inTeam.teamId);
    return;
  }
  if (inTeam) return readTeamRoster(deps, context);
  const actor = actorOf(context);
  if (
    context.turnState.get(CONVERSATION_SAVED) !== 'created' ||
    activity.conversation?.conversationType !== 'personal' ||
    !actor
  ) {
    return;
  }
  // Once per person, also when the bot started the chat itself before the install came.
  await deps.reach.greetOnce(actor, async () => {
    await reply(context, TEXT.welcome(deps.reach.welcome({ userId: actor.userId, name: activity.from?.name })));
  });
};

type OnTurnErrorDeps = Pick<HandlerDeps, 'logger'>;
/** One place for failures: log them, tell the user nothing was saved, and answer a card action anyway. */
export const onTurnError = (deps: OnTurnErrorDeps) => async (context: TurnContext, error: Error) => {
  deps.logger.error(
    { err: error, activityType: context.activity.type, name: context.activity.name },
    'Aktiviteten kunde inte hanteras',
  );
  const message = isStoreUnavailable(error) ? TEXT.storeUnavailable : TEXT.somethingWentWrong;
  if (isCardAction(context)) await answerInvoke(context, message).catch(() => undefined);
  else await context.sendActivity(message).catch(() => undefined);
};
