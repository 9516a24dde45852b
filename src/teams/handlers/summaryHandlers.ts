import { MessageFactory, type TurnContext } from 'botbuilder';
import { formatSwedishDateTime } from '../../domain/dates';
import { isManagement } from '../../domain/deployment';
import { cardAttachment } from '../cards/render';
import { weeklySummaryCards } from '../cards/summaryView';
import { conversationOf } from '../conversationRefs';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { reply } from './reply';
import { readTeamRoster } from './rosterHandlers';

export const LINK_COMMAND = /^\s*\/koppla\b/i;
export const SUMMARY_COMMAND = /^\s*\/?sammanfattning\b/i;

/** /koppla in a team channel: the weekly summary goes there from now on. */
export const linkCommand = (deps: HandlerDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !isManagement(deps.deployment, actor.userId)) return reply(context, TEXT.linkRefused);
  const conversation = conversationOf(context.activity, deps.clock.now());
  if (!conversation || conversation.kind !== 'channel') return reply(context, TEXT.linkOnlyInChannel);
  await deps.book.remember(conversation);
  await deps.summaries.linkChannel(conversation, actor.userId);
  await readTeamRoster(deps, context);
  const now = deps.clock.now();
  const next = deps.calendar.slots(
    deps.deployment.schedule.summary.cron,
    now,
    new Date(now.getTime() + 35 * 86_400_000),
  )[0];
  return reply(context, TEXT.linked(next ? formatSwedishDateTime(next.dueAt) : undefined));
};

/** /sammanfattning: the summary now, here (in personal chat only the asker sees it). */
export const summaryCommand = (deps: HandlerDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !isManagement(deps.deployment, actor.userId)) return reply(context, TEXT.summaryRefused);
  const summary = await deps.summaries.build();
  const cards = weeklySummaryCards(summary, 'Sammanfattning – åtgärdsplanen');
  await context.sendActivities(cards.map((card) => MessageFactory.attachment(cardAttachment(card))));
};
