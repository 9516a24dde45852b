import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { z } from 'zod';
import { parseStatusTarget } from '../app/commands';
import type { Clock, Logger } from '../app/ports';
import { StatusQueries } from '../app/statusQueries';
import type { Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import type { Store } from '../app/ports';
import { cardAttachment, renderCard, type AdaptiveCard } from './cards/render';
import { activityView, helpView, overviewView, recommendationView } from './cards/views';
import { TEXT } from './replies';

export interface BotDeps {
  plan: Plan;
  deployment: Deployment;
  store: Store;
  clock: Clock;
  logger: Logger;
}

/** Card verbs, shared by the templates in cards/ and the handlers here. */
export const VERBS = { showStatus: 'showStatus' } as const;

const showStatusData = z.object({ target: z.string().max(20) });

/**
 * Every route the bot answers, in one place: commands first, card verbs, the catch-all last.
 * Handlers stay thin: read the input, call one use case, render one card.
 */
export function createBot(adapter: TeamsAdapter, deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  } as ConstructorParameters<typeof Application<TurnState>>[0]);
  const queries = new StatusQueries({
    plan: deps.plan,
    deployment: deps.deployment,
    answers: deps.store.answers,
    clock: deps.clock,
  });

  /** The card /status answers with for a target, or a Swedish explanation when there is none. */
  async function statusCard(argument: string): Promise<AdaptiveCard | string> {
    const target = parseStatusTarget(argument, deps.plan);
    const now = deps.clock.now();
    switch (target.kind) {
      case 'overview':
        return renderCard('overview', overviewView(deps.plan, await queries.overview(), now));
      case 'recommendation': {
        const progress = await queries.recommendation(target.id);
        if (progress)
          return renderCard('recommendation', recommendationView(deps.plan, deps.deployment, progress, now));
        break;
      }
      case 'activity': {
        const detail = await queries.activity(target.id);
        if (detail) return renderCard('activity', activityView(deps.plan, deps.deployment, detail, now));
        break;
      }
    }
    const valid = deps.plan.recommendations.map((r) => `rek${r.number}`).join(', ');
    return TEXT.unknownStatusTarget(argument.trim(), valid);
  }

  async function reply(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
    await context.sendActivity(
      typeof content === 'string' ? MessageFactory.text(content) : MessageFactory.attachment(cardAttachment(content)),
    );
  }

  app.message(/^\s*\/?status\b/i, async (context) => {
    const argument = (context.activity.text ?? '').replace(/^\s*\/?status\b/i, '');
    await reply(context, await statusCard(argument));
  });

  app.message(/^\s*\/?(hjälp|hjalp|help)\b/i, async (context) => {
    await reply(context, renderCard('help', helpView(deps.plan)));
  });

  app.adaptiveCards.actionExecute(VERBS.showStatus, async (_context, _state, data) => {
    const parsed = showStatusData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    return statusCard(parsed.data.target);
  });

  // The catch-all comes last: any other message points to the help.
  app.activity(ActivityTypes.Message, async (context) => {
    await reply(context, TEXT.unknownCommand);
  });

  app.error(async (context, error) => {
    deps.logger.error({ err: error, activityType: context.activity.type }, 'turn failed');
    await context.sendActivity(TEXT.somethingWentWrong).catch(() => undefined);
  });

  return app;
}
