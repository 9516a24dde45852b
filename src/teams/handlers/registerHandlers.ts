import type { TurnContext } from 'botbuilder';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type RegisterCommandDeps = Pick<HandlerDeps, 'deployment' | 'registerExtracts'>;
/** /registerutdrag <namn>: for administrators, what is held about one person, audited. */
export const registerCommand = (deps: RegisterCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.registerExtracts.mayExtract(deps.deployment, actor.userId)) {
    return reply(context, TEXT.register.refused);
  }
  const query = argumentOf(context);
  if (!query) return reply(context, TEXT.register.usage);
  const found = await deps.registerExtracts.find(deps.deployment, query);
  if (found.length === 0) return reply(context, TEXT.register.none(query));
  if (found.length > 1)
    return reply(
      context,
      TEXT.register.several(
        query,
        found.map((p) => p.name),
      ),
    );
  const extract = await deps.registerExtracts.extract(deps.deployment, found[0]!.userId, actor);
  return reply(context, TEXT.register.summary(extract));
};
