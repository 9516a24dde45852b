import type { Person } from '../domain/answer';
import { isAdministrator, type Member } from '../domain/deployment';
import {
  addPause,
  addToGroup,
  removeFromGroup,
  removePause,
  setCadence,
  setDeputy,
  setOwner,
  setReminders,
} from './deploymentChanges';
import type { ChangeResult, DeploymentChange, LiveDeployment } from './liveDeployment';
import type { AuditEntry } from './ports';
import type { FollowUpContext } from './statusQueries';

/** What an administrator asks for from the /admin card (already read and checked at the edge). */
export type AdminRequest =
  | { op: 'assign'; role: string; as: 'owner' | 'deputy'; person: Member }
  | { op: 'removeDeputy'; role: string }
  | { op: 'addMember'; group: 'administrators' | 'managementGroup'; person: Member }
  | { op: 'removeMember'; group: 'administrators' | 'managementGroup'; userId: string }
  | {
      op: 'schedule';
      everyWeeks: number;
      weekday: number;
      time: string;
      afterWorkingDays: number;
      maxReminders: number;
    }
  | { op: 'pause'; from: string; to: string }
  | { op: 'removePause'; from: string };

export type AdminResult = ChangeResult | { outcome: 'notAllowed' };

/**
 * Running the follow-up from Teams: who owns and stands in for each role, who administers and
 * who reads, the schedule and its pauses. Administrators only; every change goes through the
 * deployment's rules and etag, and into the audit log.
 */
export class Administration {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly live: LiveDeployment,
  ) {}

  mayAdminister(userId: string): boolean {
    return isAdministrator(this.ctx.deployment, userId);
  }

  /** The latest changes, newest first. */
  async recentChanges(limit = 5): Promise<AuditEntry[]> {
    return (await this.live.auditLog()).reverse().slice(0, limit);
  }

  get etag(): string {
    return this.live.etag;
  }

  /** `etag`: the version the card was shown at; a deployment changed since is refused as stale. */
  async change(actor: Person, request: AdminRequest, etag: string): Promise<AdminResult> {
    if (!this.mayAdminister(actor.userId)) return { outcome: 'notAllowed' };
    return this.live.change(actor, this.changeFor(request), etag);
  }

  private changeFor(request: AdminRequest): DeploymentChange {
    const plan = this.ctx.plan;
    switch (request.op) {
      case 'assign':
        return request.as === 'owner'
          ? setOwner(plan, request.role, request.person)
          : setDeputy(plan, request.role, request.person);
      case 'removeDeputy':
        return setDeputy(plan, request.role, undefined);
      case 'addMember':
        return addToGroup(request.group, request.person);
      case 'removeMember':
        return removeFromGroup(request.group, request.userId);
      case 'schedule': {
        const [hour, minute] = request.time.split(':').map(Number) as [number, number];
        const cadence = setCadence(request.everyWeeks, `${minute} ${hour} * * ${request.weekday}`);
        const reminders = setReminders(request.afterWorkingDays, request.maxReminders);
        return {
          what: 'Schema',
          show: (d) => `${cadence.show(d)}; påminnelser ${reminders.show(d)}`,
          apply: (d) => reminders.apply(cadence.apply(d)),
        };
      }
      case 'pause':
        return addPause({ from: request.from, to: request.to });
      case 'removePause':
        return removePause(request.from);
    }
  }
}
