import { ActivityTypes } from 'botbuilder';
import { Application, TeamsAdapter, type TurnState } from '@microsoft/teams-ai';
import { ConversationBook } from '../app/conversations';
import { DispatchPrompts } from '../app/dispatchPrompts';
import type { Clock, Logger, Store } from '../app/ports';
import { StatusPrompts } from '../app/prompts';
import { RecordStatus } from '../app/recordStatus';
import { StatusQueries, type FollowUpContext } from '../app/statusQueries';
import { WeeklySummaries } from '../app/weeklySummaries';
import { WorkingCalendar } from '../app/scheduling/calendar';
import { Scheduler } from '../app/scheduling/scheduler';
import type { Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import { VERBS } from './cardData';
import type { HandlerDeps } from './handlers/context';
import {
  DISPATCH_COMMAND,
  UPDATE_COMMAND,
  correctStatusAction,
  dispatchCommand,
  submitStatusAction,
  updateCommand,
} from './handlers/promptHandlers';
import { reply } from './handlers/reply';
import { HELP_COMMAND, STATUS_COMMAND, helpCommand, showStatusAction, statusCommand } from './handlers/statusHandlers';
import { beforeTurn, installationUpdate, onTurnError } from './handlers/turnGuards';
import { TeamsNotifier, type DeliveryLimits } from './notifier';
import { LINK_COMMAND, SUMMARY_COMMAND, linkCommand, summaryCommand } from './handlers/summaryHandlers';
import { TEXT } from './replies';

export interface BotDeps {
  plan: Plan;
  deployment: Deployment;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Empty in local mode. */
  botAppId: string;
  /** This process, as lease holder and claimant of sends. */
  instanceId: string;
  limits?: DeliveryLimits;
}

/** Wires the use cases once, for the handlers and for whatever runs outside a turn (the scheduler). */
export function useCases(
  adapter: TeamsAdapter,
  deps: BotDeps,
): HandlerDeps & { notifier: TeamsNotifier; scheduler: Scheduler } {
  const ctx: FollowUpContext = {
    plan: deps.plan,
    deployment: deps.deployment,
    answers: deps.store.answers,
    clock: deps.clock,
  };
  const prompts = new StatusPrompts(ctx);
  const book = new ConversationBook(deps.store.conversations);
  const notifier = new TeamsNotifier(adapter, deps.botAppId, deps.limits);
  const calendar = new WorkingCalendar();
  const summaries = new WeeklySummaries(ctx, deps.store.schedule, book);
  const dispatch = new DispatchPrompts(ctx, prompts, book, notifier, deps.store.schedule);
  const scheduler = new Scheduler({
    ctx,
    schedule: deps.deployment.schedule,
    store: deps.store.schedule,
    calendar,
    dispatch,
    summaries,
    notifier,
    logger: deps.logger,
    instanceId: deps.instanceId,
  });
  return {
    plan: deps.plan,
    deployment: deps.deployment,
    clock: deps.clock,
    logger: deps.logger,
    queries: new StatusQueries(ctx),
    prompts,
    record: new RecordStatus(ctx),
    book,
    dispatch,
    summaries,
    calendar,
    notifier,
    scheduler,
  };
}

/**
 * Every route the bot answers, in one place: guards first, commands, card verbs, the catch-all
 * last. Handlers stay thin: read the input, call one use case, render one card.
 */
export function createBot(adapter: TeamsAdapter, handlers: HandlerDeps): Application<TurnState> {
  const app = new Application<TurnState>({
    adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  } as ConstructorParameters<typeof Application<TurnState>>[0]);

  app.turn('beforeTurn', beforeTurn(handlers));
  app.activity(ActivityTypes.InstallationUpdate, installationUpdate(handlers));

  app.message(STATUS_COMMAND, statusCommand(handlers));
  app.message(HELP_COMMAND, helpCommand(handlers));
  app.message(UPDATE_COMMAND, updateCommand(handlers));
  app.message(DISPATCH_COMMAND, dispatchCommand(handlers));
  app.message(LINK_COMMAND, linkCommand(handlers));
  app.message(SUMMARY_COMMAND, summaryCommand(handlers));

  app.adaptiveCards.actionExecute(VERBS.showStatus, showStatusAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.submitStatus, submitStatusAction(handlers));
  app.adaptiveCards.actionExecute(VERBS.correctStatus, correctStatusAction(handlers));

  app.activity(ActivityTypes.Message, async (context) => reply(context, TEXT.unknownCommand));
  app.error(onTurnError(handlers));
  return app;
}
