import type { TurnContext } from 'botbuilder';
import { parseAbsence } from '../../app/absences';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type AbsenceCommandDeps = Pick<HandlerDeps, 'absences' | 'permissions' | 'plan'>;
/** /frånvaro 2027-07-01–2027-07-31 [för Karin Lind] · /frånvaro slut */
export const absenceCommand = (deps: AbsenceCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  const request = parseAbsence(argumentOf(context));
  // Someone the door is closed for in general (no activity of their own) gets no date instructions;
  // an absence they name for someone else is refused by the use case, as for anyone.
  const mayInGeneral = deps.permissions.mayUseCommand('/frånvaro', actor.userId);
  if (!mayInGeneral && ('invalid' in request || !request.who)) return reply(context, TEXT.absenceNoActivities);
  if ('invalid' in request) return reply(context, TEXT.nothingChanged(request.invalid));
  return reply(context, TEXT.absence(await deps.absences.handle(actor, request), deps.plan));
};
