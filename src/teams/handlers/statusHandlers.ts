import type { TurnContext } from 'botbuilder';
import { interpretMessage, parseStatusTarget } from '../../app/commands';
import { renderWithin, type AdaptiveCard } from '../cards/render';
import { activityView, helpView, overviewView, recommendationView } from '../cards/views';
import { showStatusData } from '../cardData';
import { TEXT } from '../replies';
import { actorOf, argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

type HelpLine = Parameters<typeof helpView>[1][number];

type StatusCardDeps = Pick<HandlerDeps, 'assessments' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'queries'>;
/** The card /status answers with for a target, or a Swedish explanation when there is none. */
export async function statusCard(
  deps: StatusCardDeps,
  argument: string,
  /** Who reads the card: it offers only the buttons whose door opens for them (the permission table). */
  viewerId: string | undefined,
  /** The receipt navigated away from ("2a:<answer id>"), kept so every card offers the way back. */
  receipt = '',
): Promise<AdaptiveCard | string> {
  const target = parseStatusTarget(argument, deps.plan);
  const now = deps.clock.now();
  switch (target.kind) {
    case 'overview': {
      const progress = await deps.queries.overview();
      return renderWithin('overview', (detail) => ({ ...overviewView(deps.plan, progress, now, detail), receipt }));
    }
    case 'recommendation': {
      const progress = await deps.queries.recommendation(target.id);
      if (progress) {
        const assessment = await deps.assessments.latest(target.id);
        return renderWithin('recommendation', (detail) => ({
          ...recommendationView(deps.plan, deps.deployment, progress, now, assessment, detail, {
            mayAssess: deps.permissions.mayUseVerb('showAssessment', viewerId),
          }),
          receipt,
        }));
      }
      break;
    }
    case 'activity': {
      const detail = await deps.queries.activity(target.id);
      if (detail) {
        return renderWithin('activity', (d) => ({
          ...activityView(deps.plan, deps.deployment, detail, now, d),
          receipt,
        }));
      }
      break;
    }
  }
  const valid = deps.plan.recommendations.map((r) => `rek${r.number}`).join(', ');
  return TEXT.unknownStatusTarget(argument.trim(), valid);
}

type StatusCommandDeps = Pick<HandlerDeps, 'assessments' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'queries'>;
/** /status: a card, or an explanation that repeats the argument, as plain text. */
export const statusCommand = (deps: StatusCommandDeps) => async (context: TurnContext) =>
  reply(context, await statusCard(deps, argumentOf(context), actorOf(context)?.userId), 'plain');

type HelpCommandDeps = Pick<HandlerDeps, 'deployment' | 'plan'>;
/**
 * /hjälp: the commands the asker may use (`linesFor` reads the command table); someone for whom
 * only the reading commands open is told so, and whom to ask for a role.
 */
export const helpCommand =
  (deps: HelpCommandDeps, linesFor: (userId: string | undefined) => { lines: HelpLine[]; noRole: boolean }) =>
  async (context: TurnContext) => {
    const { lines, noRole } = linesFor(actorOf(context)?.userId);
    const administrators = deps.deployment.administrators.map((a) => a.name);
    return reply(
      context,
      renderWithin('help', (detail) => helpView(deps.plan, lines, detail, noRole ? { administrators } : undefined)),
    );
  };

type ShowStatusActionDeps = Pick<
  HandlerDeps,
  'assessments' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'queries'
>;
export const showStatusAction =
  (deps: ShowStatusActionDeps) => async (context: TurnContext, _state: unknown, data: unknown) => {
    const parsed = showStatusData.safeParse(data);
    return parsed.success
      ? statusCard(deps, parsed.data.target, actorOf(context)?.userId, parsed.data.receipt)
      : TEXT.malformedAction;
  };

type NaturalMessageDeps = Pick<
  HandlerDeps,
  'assessments' | 'clock' | 'deployment' | 'permissions' | 'plan' | 'queries'
>;
/**
 * Any message no command took: a bare id or a phrase around one answers as /status would, a
 * greeting and thanks get a short answer, a word close to a command gets "Menade du …?".
 */
export const naturalMessage =
  (commandWords: readonly string[]) => (deps: NaturalMessageDeps) => async (context: TurnContext) => {
    const meaning = interpretMessage(context.activity.text ?? '', deps.plan, commandWords);
    switch (meaning.kind) {
      case 'status':
        return reply(context, await statusCard(deps, meaning.argument, actorOf(context)?.userId), 'plain');
      case 'greeting':
        return reply(context, TEXT.greeting(actorOf(context)?.name), 'plain');
      case 'thanks':
        return reply(context, TEXT.thanks);
      case 'didYouMean':
        return reply(context, TEXT.didYouMean(meaning.command, meaning.rest), 'plain');
      case 'unknown':
        return reply(context, TEXT.unknownCommand);
    }
  };
