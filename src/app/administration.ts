import { randomUUID } from 'node:crypto';
import type { Person } from '../domain/answer';
import type { Member } from '../domain/deployment';
import { containsPersonalIdentityNumber } from '../domain/personalData';
import { allActivities, findActivity } from '../domain/plan';
import { findMilestone, monthDate, type PlanRevision, type RevisionChange } from '../domain/revisions';
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
import type { FollowUpContext } from './context';
import { commandOpens, verbOpens } from './permissionTable';

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
    const knock = { deployment: this.ctx.deployment, plan: this.ctx.plan, userId };
    return commandOpens('/admin', knock) && verbOpens('adminChange', knock);
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

/** A plan revision an administrator asks for (read at the edge; checked here). */
export type RevisionRequest =
  | { op: 'move'; milestoneId: string; month: string; reason: string }
  | { op: 'remove'; milestoneId: string; reason: string }
  | { op: 'add'; activityId: string; month: string; title: string; reason: string };

export type RevisionResult =
  | { outcome: 'saved'; revision: PlanRevision; text: string }
  | { outcome: 'refused'; problem: string }
  | { outcome: 'notAllowed' };

const MAX_REASON = 500;

/**
 * Revising the plan's milestones: administrators only, always with a reason. The plan file is
 * never changed; the revision is stored (append-only) and audited, and the bot follows the
 * revised plan from then on.
 */
export class PlanRevisions {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly live: LiveDeployment,
  ) {}

  async revise(actor: Person, request: RevisionRequest): Promise<RevisionResult> {
    if (!commandOpens('/revidera', { deployment: this.ctx.deployment, plan: this.ctx.plan, userId: actor.userId })) {
      return { outcome: 'notAllowed' };
    }
    const reason = request.reason.trim();
    if (reason.length === 0) return { outcome: 'refused', problem: 'Ange ett skäl till revideringen.' };
    if (
      containsPersonalIdentityNumber(reason) ||
      containsPersonalIdentityNumber(request.op === 'add' ? request.title : '')
    ) {
      return { outcome: 'refused', problem: 'Skriv inga personnummer i planen eller skälet.' };
    }
    if (reason.length > MAX_REASON) {
      return { outcome: 'refused', problem: `Skälet får vara högst ${MAX_REASON} tecken.` };
    }
    const plan = this.ctx.plan;
    let change: RevisionChange;
    let what: string;
    let before = '–';
    let after = '–';
    if (request.op === 'add') {
      const activity = findActivity(plan, request.activityId);
      if (!activity) return { outcome: 'refused', problem: `Aktiviteten ${request.activityId} finns inte i planen.` };
      const due = monthDate(request.month);
      if (!due) return { outcome: 'refused', problem: `"${request.month}" är ingen månad. Skriv t.ex. 2026-06.` };
      const title = request.title.trim();
      if (title.length === 0) return { outcome: 'refused', problem: 'Ange vad milstolpen gäller.' };
      // Never an id used before, even by a milestone since removed: the record stays unambiguous.
      const taken = new Set(allActivities(plan).flatMap((a) => a.milestones.map((m) => m.id)));
      for (const { change } of this.live.revisions) {
        if (change.kind === 'added') taken.add(change.milestone.id);
        else if (change.kind === 'moved' || change.kind === 'removed') taken.add(change.milestoneId);
      }
      let n = activity.milestones.length + 1;
      while (taken.has(`${activity.id}-m${n}`)) n++;
      change = { kind: 'added', activityId: activity.id, milestone: { id: `${activity.id}-m${n}`, title, due } };
      what = `Delmål ${activity.id}-m${n} tillagt`;
      after = `${title} (${due.text})`;
    } else {
      const milestone = findMilestone(plan, request.milestoneId);
      if (!milestone) return { outcome: 'refused', problem: `Delmålet ${request.milestoneId} finns inte i planen.` };
      before = milestone.due.text;
      if (request.op === 'remove') {
        change = { kind: 'removed', milestoneId: milestone.id };
        what = `Delmål ${milestone.id} borttaget`;
        after = 'borttaget';
      } else {
        const to = monthDate(request.month);
        if (!to) return { outcome: 'refused', problem: `"${request.month}" är ingen månad. Skriv t.ex. 2026-06.` };
        if (to.from === milestone.due.from && to.to === milestone.due.to) {
          return { outcome: 'refused', problem: `Delmålet ${milestone.id} har redan datumet ${to.text}.` };
        }
        change = { kind: 'moved', milestoneId: milestone.id, to };
        what = `Delmål ${milestone.id} flyttat`;
        after = to.text;
      }
    }
    const revision: PlanRevision = {
      planId: plan.id,
      id: randomUUID(),
      at: this.ctx.clock.now().toISOString(),
      by: actor,
      reason,
      change,
    };
    await this.live.revise(revision, `${what}: ${reason}`, before, after);
    return { outcome: 'saved', revision, text: `${what} (${before} → ${after}). Skäl: ${reason}` };
  }
}

const QUOTED = /^"([^"]*)"|^“([^”]*)”/;

/**
 * `/revidera 2a-m1 2026-06 "skäl"` · `/revidera 2a-m1 bort "skäl"` · `/revidera 2a ny 2026-09 "Vad" "skäl"`:
 * the request, or a Swedish message saying how to write it.
 */
export function parseRevision(text: string): RevisionRequest | { invalid: string } {
  const usage =
    'Skriv t.ex. /revidera 2a-m1 2026-06 "skäl", /revidera 2a-m1 bort "skäl" eller /revidera 2a ny 2026-09 "milstolpe" "skäl".';
  const words = text.trim();
  const head = /^(\S+)\s+(\S+)\s*(.*)$/s.exec(words);
  if (!head) return { invalid: `Ange milstolpe, nytt datum och skäl. ${usage}` };
  const [, target, verb, rest] = head as unknown as [string, string, string, string];
  const v = verb.toLowerCase();
  let remaining = rest.trim();
  let month = verb;
  if (v === 'ny') {
    const m = /^([^\s"“]+)\s*(.*)$/s.exec(remaining);
    if (!m) return { invalid: `Ange månad, milstolpe och skäl. ${usage}` };
    month = m[1]!;
    remaining = m[2]!.trim();
  }
  const quoted: string[] = [];
  while (remaining.length > 0) {
    const m = QUOTED.exec(remaining);
    if (!m) break;
    quoted.push(m[1] ?? m[2] ?? '');
    remaining = remaining.slice(m[0].length).trim();
  }
  if (remaining.length > 0) return { invalid: `Skriv skälet inom citattecken. ${usage}` };
  const reason = quoted.at(-1) ?? '';
  if (reason.trim().length === 0) return { invalid: `Ange ett skäl till revideringen. ${usage}` };
  if (v === 'ny') {
    if (quoted.length !== 2) return { invalid: `Ange månad, milstolpe och skäl. ${usage}` };
    return { op: 'add', activityId: target, month, title: quoted[0]!, reason };
  }
  if (quoted.length !== 1) return { invalid: `Ange ett skäl inom citattecken. ${usage}` };
  if (v === 'bort') return { op: 'remove', milestoneId: target, reason };
  return { op: 'move', milestoneId: target, month, reason };
}
