import type { Person } from '../domain/answer';
import { stockholmDate } from '../domain/dates';
import { deploymentPeople } from '../domain/reach';
import { commandOpens } from './permissionTable';
import type { Member, OwnerAssignment } from '../domain/deployment';
import { clearAbsence, setAbsence } from './deploymentChanges';
import type { LiveDeployment } from './liveDeployment';
import type { FollowUpContext } from './context';

export type AbsenceRequest = { kind: 'set'; from: string; to: string; who?: string } | { kind: 'clear'; who?: string };

export type AbsenceResult =
  | { outcome: 'set'; owner: Member; from: string; to: string; deputies: OwnerAssignment[] }
  | { outcome: 'cleared'; owner: Member }
  | { outcome: 'invalid'; message: string }
  | { outcome: 'notAllowed' }
  | { outcome: 'notOwner'; who: string }
  | { outcome: 'unknownPerson'; who: string };

const DATE = /(\d{4}-\d{2}-\d{2})/.source;
const RANGE = new RegExp(`${DATE}\\s*(?:–|—|-|till|to)\\s*${DATE}`, 'i');

const isRealDate = (iso: string): boolean =>
  !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);

/**
 * Reads "/frånvaro 2027-07-01–2027-07-31", "… för Karin Lind" (an administrator for an owner) and
 * "/frånvaro slut" (back again); anything else is invalid, with a Swedish message saying how.
 */
export function parseAbsence(text: string): AbsenceRequest | { invalid: string } {
  const rest = text.trim();
  const forWhom = (s: string): string | undefined => s.replace(/^\s*(för|for)\s+/i, '').trim() || undefined;
  if (/^(slut|av|avsluta|ingen|tillbaka)\b/i.test(rest)) {
    return { kind: 'clear', who: forWhom(rest.replace(/^\S+/, '')) };
  }
  const range = RANGE.exec(rest);
  if (!range) {
    return {
      invalid:
        'Skriv frånvaron som två datum, t.ex. /frånvaro 2027-07-01–2027-07-31 (eller /frånvaro slut när du är tillbaka).',
    };
  }
  const [, from, to] = range as unknown as [string, string, string];
  for (const d of [from, to]) if (!isRealDate(d)) return { invalid: `${d} är inget giltigt datum.` };
  if (to < from) return { invalid: `Frånvaron slutar (${to}) innan den börjar (${from}).` };
  return { kind: 'set', from, to, who: forWhom(rest.replace(range[0], '')) };
}

/**
 * Absences, set by the owner or by an administrator for them: stored in the deployment (etag,
 * audit log), and from then on prompts and reminders for the owner's activities go to the deputy.
 */
export class Absences {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly live: LiveDeployment,
  ) {}

  async handle(actor: Person, request: AbsenceRequest): Promise<AbsenceResult> {
    const deployment = this.ctx.deployment;
    let owner: Member | undefined;
    if (request.who) {
      const wanted = request.who.toLowerCase();
      owner = deploymentPeople(deployment).find(
        (m) => m.name.toLowerCase() === wanted || m.email.toLowerCase() === wanted || m.userId === request.who,
      );
      if (!owner) return { outcome: 'unknownPerson', who: request.who };
    } else {
      owner = deploymentPeople(deployment).find((m) => m.userId === actor.userId);
      if (!owner) return { outcome: 'notOwner', who: actor.name };
    }
    const knock = { deployment, plan: this.ctx.plan, userId: actor.userId, subjectUserId: owner.userId };
    if (!commandOpens('/frånvaro', knock)) return { outcome: 'notAllowed' };
    const roles = deployment.owners.filter((o) => o.owner.userId === owner.userId);
    if (roles.length === 0) return { outcome: 'notOwner', who: owner.name };

    const today = stockholmDate(this.ctx.clock.now());
    if (request.kind === 'clear') {
      await this.live.change(actor, clearAbsence(owner, today));
      return { outcome: 'cleared', owner };
    }
    if (request.to < today)
      return { outcome: 'invalid', message: `Frånvaron ${request.from}–${request.to} har redan passerat.` };
    const result = await this.live.change(
      actor,
      setAbsence(owner, {
        userId: owner.userId,
        from: request.from,
        to: request.to,
        setBy: actor,
        setAt: this.ctx.clock.now().toISOString(),
      }),
    );
    if (result.outcome === 'refused') return { outcome: 'invalid', message: result.problems.join(' ') };
    return { outcome: 'set', owner, from: request.from, to: request.to, deputies: roles };
  }
}
