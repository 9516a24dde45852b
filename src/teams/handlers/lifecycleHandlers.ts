import type { TurnContext } from 'botbuilder';
import { parseArchive, parseCheckIns, parseClose, type LifecycleRequest } from '../../app/lifecycle';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

export const CLOSE_COMMAND = /^\s*\/avsluta\b/i;
export const CHECK_IN_COMMAND = /^\s*\/avst(ä|a)mning(ar)?(?![\p{L}\d])/iu;
export const ARCHIVE_COMMAND = /^\s*\/arkivera\b/i;

type Parser = (text: string) => LifecycleRequest | { invalid: string };

/** /avsluta rek2 · /avstämning 2a kvartal "skäl" · /arkivera: administrators only, each audited. */
const lifecycleCommand = (pattern: RegExp, parse: Parser) => (deps: HandlerDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor) return reply(context, TEXT.noIdentity);
  if (!deps.administration.mayAdminister(actor.userId)) return reply(context, TEXT.adminRefused);
  const request = parse(argumentOf(context, pattern));
  if ('invalid' in request) return reply(context, `${request.invalid} Ingenting har ändrats.`);
  const result = await deps.lifecycle.apply(actor, request);
  deps.logger.info({ by: actor.userId, op: request.op, outcome: result.outcome }, 'planens livscykel');
  switch (result.outcome) {
    case 'saved':
      return reply(context, `${result.text}. Ändringen står i administrationens logg och i rapporten.`);
    case 'refused':
      return reply(context, `${result.problem} Ingenting har ändrats.`);
    case 'notAllowed':
      return reply(context, TEXT.adminRefused);
  }
};

export const closeCommand = lifecycleCommand(CLOSE_COMMAND, parseClose);
export const checkInCommand = lifecycleCommand(CHECK_IN_COMMAND, parseCheckIns);
export const archiveCommand = lifecycleCommand(ARCHIVE_COMMAND, parseArchive);
