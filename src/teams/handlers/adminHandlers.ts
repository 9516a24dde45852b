import { TeamsInfo, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { AdminRequest, AdminResult } from '../../app/administration';
import { stockholmDate } from '../../domain/dates';
import type { Member } from '../../domain/deployment';
import { deploymentPeople } from '../../domain/reach';
import { adminView } from '../cards/adminView';
import { renderCard, type AdaptiveCard } from '../cards/render';
import { TEXT } from '../replies';
import { actorOf, type HandlerDeps } from './context';
import { reply } from './reply';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, TEXT.adminProblem.date);
const count = (min: number, max: number, what: string) =>
  z.coerce
    .number({ invalid_type_error: TEXT.adminProblem.integer(what) })
    .int(TEXT.adminProblem.integer(what))
    .min(min, TEXT.adminProblem.atLeast(what, min))
    .max(max, TEXT.adminProblem.atMost(what, max));

/** What the card sends: the button's op and etag, and every input of the card. */
const adminData = z.object({
  op: z.enum([
    'assignOwner',
    'assignDeputy',
    'removeDeputy',
    'addMember',
    'removeMember',
    'schedule',
    'pause',
    'removePause',
  ]),
  etag: z.string().min(1).max(200),
  role: z.string().max(200).optional(),
  person: z.string().max(200).optional(),
  group: z.enum(['administrators', 'managementGroup']).optional(),
  member: z.string().max(200).optional(),
  everyWeeks: z.unknown().optional(),
  weekday: z.unknown().optional(),
  time: z.unknown().optional(),
  afterWorkingDays: z.unknown().optional(),
  maxReminders: z.unknown().optional(),
  pauseFrom: z.string().max(20).optional(),
  pauseTo: z.string().max(20).optional(),
});
type AdminData = z.infer<typeof adminData>;

const scheduleInputs = z.object({
  everyWeeks: count(1, 12, TEXT.adminField.everyWeeks),
  weekday: count(1, 5, TEXT.adminField.weekday),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, TEXT.adminProblem.time),
  afterWorkingDays: count(1, 20, TEXT.adminField.afterWorkingDays),
  maxReminders: count(0, 5, TEXT.adminField.maxReminders),
});

type KnownPeopleDeps = Pick<HandlerDeps, 'deployment' | 'logger'>;
/**
 * Everyone the card offers where Teams' organisation search does not run (the Agents Playground,
 * older clients): the deployment's people and the members of this conversation (TeamsInfo).
 */
async function knownPeople(
  deps: KnownPeopleDeps,
  context: TurnContext,
): Promise<Array<Member & { memberId?: string }>> {
  const people: Array<Member & { memberId?: string }> = [...deploymentPeople(deps.deployment)];
  try {
    let continuationToken: string | undefined;
    do {
      const page = await TeamsInfo.getPagedMembers(context, 100, continuationToken);
      for (const m of page.members) {
        const email = m.email ?? m.userPrincipalName;
        if (m.aadObjectId && m.name && email) {
          people.push({ userId: m.aadObjectId, name: m.name, email, memberId: m.id });
        }
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
  } catch (error) {
    deps.logger.warn({ err: error }, 'conversation members not read for /admin');
  }
  return people;
}

type ResolvePersonDeps = Pick<HandlerDeps, 'deployment' | 'logger'>;
/**
 * The person behind a picked value: Teams' people picker gives the Entra object id; the Agents
 * Playground's gives its own member id ("user-id-5"). Someone known by either, or looked up in Teams.
 */
async function resolvePerson(
  deps: ResolvePersonDeps,
  context: TurnContext,
  userId: string,
): Promise<Member | undefined> {
  const picked = userId.toLowerCase();
  const known = (await knownPeople(deps, context)).find(
    (p) => p.userId.toLowerCase() === picked || p.memberId?.toLowerCase() === picked,
  );
  if (known) return { userId: known.userId, name: known.name, email: known.email };
  try {
    const m = await TeamsInfo.getMember(context, userId);
    const email = m.email ?? m.userPrincipalName;
    return m.name && email ? { userId: m.aadObjectId ?? userId, name: m.name, email } : undefined;
  } catch (error) {
    deps.logger.warn({ err: error, picked: userId }, 'picked person not found in Teams');
    return undefined;
  }
}

type AdminCardDeps = Pick<HandlerDeps, 'administration' | 'clock' | 'deployment' | 'logger' | 'plan'>;
async function adminCard(
  deps: AdminCardDeps,
  context: TurnContext,
  message?: { text: string; kind: 'good' | 'attention' },
): Promise<AdaptiveCard> {
  return renderCard(
    'admin',
    adminView({
      plan: deps.plan,
      deployment: deps.deployment,
      etag: deps.administration.etag,
      people: await knownPeople(deps, context),
      changes: await deps.administration.recentChanges(),
      today: stockholmDate(deps.clock.now()),
      message,
    }),
  );
}

type AdminCommandDeps = Pick<HandlerDeps, 'administration' | 'clock' | 'deployment' | 'logger' | 'plan'>;
/** /admin: the administration card, for administrators. */
export const adminCommand = (deps: AdminCommandDeps) => async (context: TurnContext) => {
  const actor = actorOf(context);
  if (!actor || !deps.administration.mayAdminister(actor.userId)) return reply(context, TEXT.adminRefused);
  return reply(context, await adminCard(deps, context));
};

type RequestFromDeps = Pick<HandlerDeps, 'deployment' | 'logger'>;
/** The request an administrator made, or a Swedish message saying what is missing or wrong. */
async function requestFrom(
  deps: RequestFromDeps,
  context: TurnContext,
  data: AdminData,
): Promise<AdminRequest | { problem: string }> {
  const person = async (id: string | undefined) => {
    if (!id) return { problem: TEXT.adminProblem.pickPerson };
    return (await resolvePerson(deps, context, id)) ?? { problem: TEXT.adminProblem.personNotFound };
  };
  switch (data.op) {
    case 'assignOwner':
    case 'assignDeputy': {
      if (!data.role) return { problem: TEXT.adminProblem.pickRole };
      const picked = await person(data.person);
      if ('problem' in picked) return picked;
      return { op: 'assign', role: data.role, as: data.op === 'assignOwner' ? 'owner' : 'deputy', person: picked };
    }
    case 'removeDeputy':
      return data.role ? { op: 'removeDeputy', role: data.role } : { problem: TEXT.adminProblem.pickRole };
    case 'addMember': {
      const picked = await person(data.member);
      if ('problem' in picked) return picked;
      return { op: 'addMember', group: data.group ?? 'administrators', person: picked };
    }
    case 'removeMember':
      if (!data.member) return { problem: TEXT.adminProblem.pickPerson };
      return { op: 'removeMember', group: data.group ?? 'administrators', userId: data.member };
    case 'schedule': {
      const parsed = scheduleInputs.safeParse(data);
      if (!parsed.success) return { problem: `${parsed.error.issues[0]!.message}.` };
      return { op: 'schedule', ...parsed.data };
    }
    case 'pause': {
      const from = isoDate.safeParse(data.pauseFrom);
      const to = isoDate.safeParse(data.pauseTo);
      if (!from.success || !to.success) return { problem: TEXT.adminProblem.pauseBothDays };
      return { op: 'pause', from: from.data, to: to.data };
    }
    case 'removePause': {
      const from = isoDate.safeParse(data.pauseFrom);
      return from.success ? { op: 'removePause', from: from.data } : { problem: TEXT.adminProblem.pauseFirstDay };
    }
  }
}

function messageOf(result: AdminResult): { text: string; kind: 'good' | 'attention' } {
  switch (result.outcome) {
    case 'saved':
      return { text: TEXT.adminSaved(result.entry.what, result.entry.before, result.entry.after), kind: 'good' };
    case 'unchanged':
      return { text: TEXT.adminUnchanged, kind: 'good' };
    case 'refused':
      return { text: `${TEXT.adminChangeRefused} ${result.problems.join(' ')}`, kind: 'attention' };
    case 'stale':
      return { text: TEXT.adminStale, kind: 'attention' };
    case 'notAllowed':
      return { text: TEXT.adminRefused, kind: 'attention' };
  }
}

type AdminChangeActionDeps = Pick<HandlerDeps, 'administration' | 'clock' | 'deployment' | 'logger' | 'plan'>;
/** A button on the /admin card: the change, then the card again with what came of it. */
export const adminChangeAction =
  (deps: AdminChangeActionDeps) =>
  async (context: TurnContext, _state: unknown, data: unknown): Promise<AdaptiveCard | string> => {
    const parsed = adminData.safeParse(data);
    if (!parsed.success) return TEXT.malformedAction;
    const actor = actorOf(context);
    if (!actor || !deps.administration.mayAdminister(actor.userId)) return TEXT.adminRefused;
    const request = await requestFrom(deps, context, parsed.data);
    if ('problem' in request) {
      return adminCard(deps, context, { text: TEXT.nothingChanged(request.problem), kind: 'attention' });
    }
    const result = await deps.administration.change(actor, request, parsed.data.etag);
    deps.logger.info({ by: actor.userId, op: request.op, outcome: result.outcome }, 'administration');
    return adminCard(deps, context, messageOf(result));
  };
