import type { TurnContext } from 'botbuilder';
import { parseRevision } from '../../app/administration';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type RevisionCommandDeps = Pick<HandlerDeps, 'administration' | 'logger' | 'revisions'>;
/** /revidera 2a-m1 2026-06 "skäl" · /revidera 2a-m1 bort "skäl" · /revidera 2a ny 2026-09 "milstolpe" "skäl" */
export const revisionCommand = (deps: RevisionCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  if (!deps.administration.mayAdminister(actor.userId)) return reply(context, TEXT.adminRefused);
  const request = parseRevision(argumentOf(context));
  if ('invalid' in request) return reply(context, TEXT.nothingChanged(request.invalid));
  const result = await deps.revisions.revise(actor, request);
  deps.logger.info({ by: actor.userId, op: request.op, outcome: result.outcome }, 'planrevision');
  switch (result.outcome) {
    case 'saved':
      return reply(context, TEXT.revised(result.text));
    case 'refused':
      return reply(context, TEXT.nothingChanged(result.problem));
    case 'notAllowed':
      return reply(context, TEXT.adminRefused);
  }
};
