import type { TurnContext } from 'botbuilder';
import { parseStatusTarget } from '../../app/commands';
import { renderWithin, type AdaptiveCard } from '../cards/render';
import { activityView, helpView, overviewView, recommendationView } from '../cards/views';
import { showStatusData } from '../cardData';
import { TEXT } from '../replies';
import { argumentOf, type HandlerDeps } from './context';
import { reply } from './reply';

export const STATUS_COMMAND = /^\s*\/?status\b/i;
export const HELP_COMMAND = /^\s*\/?(hjälp|hjalp|help)\b/i;

/** The card /status answers with for a target, or a Swedish explanation when there is none. */
export async function statusCard(deps: HandlerDeps, argument: string): Promise<AdaptiveCard | string> {
  const target = parseStatusTarget(argument, deps.plan);
  const now = deps.clock.now();
  switch (target.kind) {
    case 'overview': {
      const progress = await deps.queries.overview();
      return renderWithin('overview', (detail) => overviewView(deps.plan, progress, now, detail));
    }
    case 'recommendation': {
      const progress = await deps.queries.recommendation(target.id);
      if (progress) {
        const assessment = await deps.assessments.latest(target.id);
        return renderWithin('recommendation', (detail) =>
          recommendationView(deps.plan, deps.deployment, progress, now, assessment, detail),
        );
      }
      break;
    }
    case 'activity': {
      const detail = await deps.queries.activity(target.id);
      if (detail) return renderWithin('activity', (d) => activityView(deps.plan, deps.deployment, detail, now, d));
      break;
    }
  }
  const valid = deps.plan.recommendations.map((r) => `rek${r.number}`).join(', ');
  return TEXT.unknownStatusTarget(argument.trim(), valid);
}

/** /status: a card, or an explanation that repeats the argument, as plain text. */
export const statusCommand = (deps: HandlerDeps) => async (context: TurnContext) =>
  reply(context, await statusCard(deps, argumentOf(context, STATUS_COMMAND)), 'plain');

export const helpCommand = (deps: HandlerDeps) => async (context: TurnContext) =>
  reply(
    context,
    renderWithin('help', (detail) => helpView(deps.plan, detail)),
  );

export const showStatusAction =
  (deps: HandlerDeps) => async (_context: TurnContext, _state: unknown, data: unknown) => {
    const parsed = showStatusData.safeParse(data);
    return parsed.success ? statusCard(deps, parsed.data.target) : TEXT.malformedAction;
  };
