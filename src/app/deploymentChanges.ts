import type { Absence, Deployment, Member, Period } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import { describeRule, KIND_TITLES, type RecordKind, type RetentionRule } from '../domain/retention';
import { AppError } from './errors';
import type { DeploymentChange } from './liveDeployment';

/**
 * The changes an administrator (or an owner, for their own absence) can make to a deployment, each
 * with its name in the audit log and what it shows before and after. The rules themselves (every
 * role filled, someone administers, valid dates and patterns) are checked by LiveDeployment on the
 * result, the same checks as the deployment file gets.
 */

const names = (members: Member[]): string => (members.length ? members.map((m) => m.name).join(', ') : '(ingen)');
const period = (p: Period): string => `${p.from}–${p.to}`;

function roleTitle(plan: Plan, role: string): string {
  return plan.ownerRoles.find((r) => r.id === role)?.title ?? role;
}

function assignment(deployment: Deployment, plan: Plan, role: string) {
  const found = deployment.owners.find((o) => o.role === role);
  if (!found) throw new AppError('INVALID_INPUT', `Rollen ${roleTitle(plan, role)} finns inte i planen.`);
  return found;
}

export function setOwner(plan: Plan, role: string, person: Member): DeploymentChange {
  return {
    what: `Ansvarig för ${roleTitle(plan, role)}`,
    show: (d) => d.owners.find((o) => o.role === role)?.owner.name ?? '(ingen)',
    apply: (d) => {
      const a = assignment(d, plan, role);
      a.owner = person;
      return d;
    },
  };
}

/** Sets (or with undefined removes) a role's deputy. */
export function setDeputy(plan: Plan, role: string, person: Member | undefined): DeploymentChange {
  return {
    what: `Ersättare för ${roleTitle(plan, role)}`,
    show: (d) => d.owners.find((o) => o.role === role)?.deputy?.name ?? '(ingen)',
    apply: (d) => {
      const a = assignment(d, plan, role);
      if (person) a.deputy = person;
      else delete a.deputy;
      return d;
    },
  };
}

type Group = 'administrators' | 'managementGroup';
const GROUP_NAME: Record<Group, string> = { administrators: 'Administratörer', managementGroup: 'Ledningsgruppen' };

export function addToGroup(group: Group, person: Member): DeploymentChange {
  return {
    what: GROUP_NAME[group],
    show: (d) => names(d[group]),
    apply: (d) => {
      if (!d[group].some((m) => m.userId === person.userId)) d[group].push(person);
      return d;
    },
  };
}

export function removeFromGroup(group: Group, userId: string): DeploymentChange {
  return {
    what: GROUP_NAME[group],
    show: (d) => names(d[group]),
    apply: (d) => {
      d[group] = d[group].filter((m) => m.userId !== userId);
      return d;
    },
  };
}

export function setCadence(everyWeeks: number, cron: string): DeploymentChange {
  return {
    what: 'Statuskort',
    show: (d) => `var ${d.schedule.prompts.everyWeeks}:e vecka (${d.schedule.prompts.cron})`,
    apply: (d) => {
      d.schedule.prompts = { ...d.schedule.prompts, everyWeeks, cron };
      return d;
    },
  };
}

export function setReminders(afterWorkingDays: number, max: number): DeploymentChange {
  return {
    what: 'Påminnelser',
    show: (d) => `högst ${d.schedule.reminders.max}, var ${d.schedule.reminders.afterWorkingDays}:e arbetsdag`,
    apply: (d) => {
      d.schedule.reminders = { afterWorkingDays, max };
      return d;
    },
  };
}

export function addPause(pause: Period): DeploymentChange {
  return {
    what: 'Uppehåll i utskicken',
    show: (d) => (d.schedule.pauses.length ? d.schedule.pauses.map(period).join(', ') : '(inga)'),
    apply: (d) => {
      d.schedule.pauses = [...d.schedule.pauses.filter((p) => p.to < pause.from || p.from > pause.to), pause].sort(
        (a, b) => a.from.localeCompare(b.from),
      );
      return d;
    },
  };
}

export function removePause(from: string): DeploymentChange {
  return {
    what: 'Uppehåll i utskicken',
    show: (d) => (d.schedule.pauses.length ? d.schedule.pauses.map(period).join(', ') : '(inga)'),
    apply: (d) => {
      d.schedule.pauses = d.schedule.pauses.filter((p) => p.from !== from);
      return d;
    },
  };
}

const absencesOf = (d: Deployment, userId: string): string => {
  const own = d.absences.filter((a) => a.userId === userId);
  return own.length ? own.map(period).join(', ') : '(ingen)';
};

/** Records an absence; one overlapping an earlier absence of the same person replaces it. */
export function setAbsence(person: Member, absence: Absence): DeploymentChange {
  return {
    what: `Frånvaro för ${person.name}`,
    show: (d) => absencesOf(d, person.userId),
    apply: (d) => {
      const others = d.absences.filter(
        (a) => a.userId !== absence.userId || a.to < absence.from || a.from > absence.to,
      );
      d.absences = [...others, absence].sort((a, b) => a.from.localeCompare(b.from));
      return d;
    },
  };
}

/** Ends a person's absences that hold on or after `date` (they came back early, or plans changed). */
export function clearAbsence(person: Member, date: string): DeploymentChange {
  return {
    what: `Frånvaro för ${person.name}`,
    show: (d) => absencesOf(d, person.userId),
    apply: (d) => {
      d.absences = d.absences.filter((a) => a.userId !== person.userId || a.to < date);
      return d;
    },
  };
}

/** How a change of a retention rule starts its name in the audit log. */
export const RULE_CHANGE = 'Gallringsregel för';

/** One kind of record's retention rule, as the document management plan decides it. */
export function setRetention(kind: RecordKind, rule: RetentionRule): DeploymentChange {
  return {
    what: `${RULE_CHANGE} ${KIND_TITLES[kind].toLowerCase()}`,
    show: (d) => describeRule(d.retention[kind]),
    apply: (d) => {
      d.retention = { ...d.retention, [kind]: rule };
      return d;
    },
  };
}
