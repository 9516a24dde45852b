import type { TurnContext } from 'botbuilder';
import { parseArchive, parseCheckIns, parseClose, type LifecycleRequest } from '../../app/lifecycle';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type Parser = (text: string) => LifecycleRequest | { invalid: string };

type LifecycleCommandDeps = Pick<HandlerDeps, 'administration' | 'lifecycle' | 'logger'>;
/** /avsluta rek2 · /avstämning 2a kvartal "skäl" · /arkivera: administrators only, each audited. */
const lifecycleCommand = (parse: Parser) => (deps: LifecycleCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  if (!deps.administration.mayAdminister(actor.userId)) return reply(context, TEXT.adminRefused);
  const request = parse(argumentOf(context));
  if ('invalid' in request) return reply(context, TEXT.nothingChanged(request.invalid));
  const result = await deps.lifecycle.apply(actor, request);
  deps.logger.info({ by: actor.userId, op: request.op, outcome: result.outcome }, 'planens livscykel');
  switch (result.outcome) {
    case 'saved':
      return reply(context, TEXT.lifecycleSaved(result.text));
    case 'refused':
      return reply(context, TEXT.nothingChanged(result.problem));
    case 'notAllowed':
      return reply(context, TEXT.adminRefused);
  }
};

export const closeCommand = lifecycleCommand(parseClose);
export const checkInCommand = lifecycleCommand(parseCheckIns);
export const archiveCommand = lifecycleCommand(parseArchive);
