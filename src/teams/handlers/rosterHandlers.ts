import { TurnContext } from 'botbuilder';
import { teamOf } from '../personalChats';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { reply } from './reply';

/** The team an activity came from, as the roster use case keeps it; undefined outside a team. */
export function teamFrom(context: TurnContext) {
  const { activity } = context;
  const team = teamOf(activity);
  if (!team) return undefined;
  const tenantId =
    activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  const reference = TurnContext.getConversationReference(activity);
  // The team is addressed by its id (its General channel); the thread and the sender do not matter.
  const teamReference = {
    ...reference,
    activityId: undefined,
    user: undefined,
    conversation: { ...reference.conversation, id: team.teamId, tenantId, isGroup: true, conversationType: 'channel' },
  };
  return { ...team, reference: JSON.parse(JSON.stringify(teamReference)) as Record<string, unknown> };
}

type ReadTeamRosterDeps = Pick<HandlerDeps, 'logger' | 'rosters'>;
/** Reads the team's roster; a failure is logged and never fails the turn (the daily pass retries). */
export async function readTeamRoster(deps: ReadTeamRosterDeps, context: TurnContext): Promise<void> {
  const team = teamFrom(context);
  if (!team) return;
  try {
    await deps.rosters.teamSeen(team);
  } catch (error) {
    deps.logger.warn({ err: error, teamId: team.teamId }, 'roster read failed');
  }
}

const botIn = (context: TurnContext, members: Array<{ id: string }> | undefined): boolean =>
  (members ?? []).some((m) => m.id === context.activity.recipient?.id);

type MembersAddedDeps = Pick<HandlerDeps, 'logger' | 'rosters'>;
/** Members added to a team (the bot among them, or people): the roster is read again. */
export const membersAdded = (deps: MembersAddedDeps) => async (context: TurnContext) => readTeamRoster(deps, context);

type MembersRemovedDeps = Pick<HandlerDeps, 'logger' | 'rosters'>;
/** The bot removed from a team: nobody is reached through it any more. People removed: read again. */
export const membersRemoved = (deps: MembersRemovedDeps) => async (context: TurnContext) => {
  const team = teamFrom(context);
  if (!team) return;
  if (botIn(context, context.activity.membersRemoved)) return deps.rosters.teamRemoved(team.teamId);
  return readTeamRoster(deps, context);
};

type ReachCommandDeps = Pick<HandlerDeps, 'permissions' | 'reach' | 'rosters'>;
/** /nåbarhet: for administrators, how the bot reaches each person of the deployment, and what to do where it cannot. */
export const reachCommand = (deps: ReachCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.permissions.mayViewReach(actor.userId)) return reply(context, TEXT.reachRefused);
  const [rows, teams] = await Promise.all([deps.reach.overview(), deps.rosters.teams()]);
  return reply(
    context,
    TEXT.reachReport(
      rows,
      teams.map((t) => t.name ?? t.teamId),
    ),
  );
};
