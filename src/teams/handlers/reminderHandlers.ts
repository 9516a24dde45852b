import type { TurnContext } from 'botbuilder';
import { remindLaterData } from '../cardData';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';

type RemindLaterActionDeps = Pick<HandlerDeps, 'reminderMoves'>;
/**
 * "Påminn mig på torsdag" (or another day) on a prompt card: the activity's reminder of this cycle
 * moves to that day. Answered in the invoke response with a short confirmation; the card stays.
 */
export const remindLaterAction =
  (deps: RemindLaterActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<string> => {
    const actor = actorOf(context);
    if (!actor) return TEXT.noIdentity;
    const parsed = remindLaterData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    return (await deps.reminderMoves.move(actor, parsed.data.activityId, parsed.data.day)).text;
  };
