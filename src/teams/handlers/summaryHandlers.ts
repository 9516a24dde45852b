import { MessageFactory, type TurnContext } from 'botbuilder';
import { formatSwedishDateTime } from '../../domain/dates';
import { cardAttachment } from '../cards/render';
import { weeklySummaryCards } from '../cards/summaryCards';
import { conversationOf } from '../conversationRefs';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { reply } from './reply';
import { readTeamRoster } from './rosterHandlers';

type LinkCommandDeps = Pick<
  HandlerDeps,
  'book' | 'clock' | 'logger' | 'nextSends' | 'permissions' | 'rosters' | 'summaries'
>;
/** /koppla in a team channel: the weekly summary goes there from now on. */
export const linkCommand = (deps: LinkCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.permissions.mayLinkChannel(actor.userId)) return reply(context, TEXT.linkRefused);
  const conversation = conversationOf(context.activity, deps.clock.now());
  if (!conversation || conversation.kind !== 'channel') return reply(context, TEXT.linkOnlyInChannel);
  await deps.book.remember(conversation);
  await deps.summaries.linkChannel(conversation, actor.userId);
  await readTeamRoster(deps, context);
  const next = deps.nextSends.summary();
  return reply(context, TEXT.linked(next ? formatSwedishDateTime(next) : undefined));
};

type SummaryCommandDeps = Pick<HandlerDeps, 'permissions' | 'summaries'>;
/** /sammanfattning: the summary now, here (in personal chat only the asker sees it). */
export const summaryCommand = (deps: SummaryCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.permissions.mayReadSummary(actor.userId)) return reply(context, TEXT.summaryRefused);
  const summary = await deps.summaries.build();
  const cards = weeklySummaryCards(summary, TEXT.summaryTitle.onDemand);
  await context.sendActivities(cards.map((card) => MessageFactory.attachment(cardAttachment(card))));
};
