import { z } from 'zod';
import type { Activity, Plan } from './plan';
import { retentionSchema } from './retention';

/** A person in the organisation as Teams knows them: the Entra object id is what the bot trusts. */
export const memberSchema = z
  .object({
    userId: z.string().min(1, 'Entra objekt-id saknas'),
    name: z.string().min(1),
    email: z.string().email('ska vara en e-postadress'),
  })
  .strict();

export const ownerAssignmentSchema = z
  .object({ role: z.string().min(1), owner: memberSchema, deputy: memberSchema.optional() })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ska vara ett datum ÅÅÅÅ-MM-DD');

/** A period of whole days, both ends included (Europe/Stockholm dates). */
export const periodSchema = z
  .object({ from: isoDate, to: isoDate })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'perioden slutar innan den börjar', path: ['to'] });

export type Period = z.infer<typeof periodSchema>;

/** An owner away for a period: prompts and reminders for their activities go to their deputy meanwhile. */
export const absenceSchema = z
  .object({
    userId: z.string().min(1),
    from: isoDate,
    to: isoDate,
    setBy: z.object({ userId: z.string().min(1), name: z.string().min(1) }).strict(),
    setAt: z.string().min(1),
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'frånvaron slutar innan den börjar', path: ['to'] });

export type Absence = z.infer<typeof absenceSchema>;

/**
 * When prompts, reminders and the weekly summary go out, in Europe/Stockholm. A send that falls
 * on a weekend or a Swedish public holiday moves to the next working day at the same time.
 */
export const scheduleSchema = z
  .object({
    prompts: z
      .object({
        /** Cron pattern of candidate days and time, e.g. "0 9 * * 1" (Mondays 09:00). */
        cron: z.string().min(9),
        /** Every n-th matching week, counted from the week of `anchor`. */
        everyWeeks: z.number().int().min(1).max(12).default(1),
        anchor: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ska vara ett datum ÅÅÅÅ-MM-DD'),
      })
      .strict(),
    reminders: z
      .object({
        afterWorkingDays: z.number().int().min(1).max(20),
        max: z.number().int().min(0).max(5),
      })
      .strict(),
    summary: z.object({ cron: z.string().min(9) }).strict(),
    /** Periods (summer, Christmas) when no prompts or reminders go out; the weekly summary still does. */
    pauses: z.array(periodSchema).default([]),
  })
  .strict();

export type Schedule = z.infer<typeof scheduleSchema>;
/** A schedule as written in a file: the pauses may be left out. */
export type ScheduleInput = z.input<typeof scheduleSchema>;

export const DEFAULT_SCHEDULE: Schedule = {
  prompts: { cron: '0 9 * * 1', everyWeeks: 2, anchor: '2026-11-30' },
  reminders: { afterWorkingDays: 3, max: 2 },
  summary: { cron: '0 8 * * 1' },
  pauses: [],
};

/** Who fills each owner role, and who runs and reads the follow-up. Belongs to a deployment, not to the plan. */
export const deploymentSchema = z
  .object({
    $comment: z.string().optional(),
    planFile: z.string().min(1),
    owners: z.array(ownerAssignmentSchema).min(1),
    administrators: z.array(memberSchema).min(1, 'minst en administratör behövs'),
    managementGroup: z.array(memberSchema).default([]),
    schedule: scheduleSchema.default(DEFAULT_SCHEDULE),
    absences: z.array(absenceSchema).default([]),
    /** One rule per kind of record, as the document management plan decides; defaults are proposals. */
    retention: retentionSchema.default({}),
  })
  .strict();

export type Member = z.infer<typeof memberSchema>;
export type OwnerAssignment = z.infer<typeof ownerAssignmentSchema>;
export type Deployment = Omit<z.infer<typeof deploymentSchema>, '$comment'>;

/** Problems between a deployment and its plan, as [path, message]: a role nobody fills, or one the plan lacks. */
export function deploymentProblems(deployment: Deployment, plan: Plan): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  const planRoles = new Set(plan.ownerRoles.map((r) => r.id));
  const seen = new Set<string>();
  deployment.owners.forEach((o, i) => {
    if (!planRoles.has(o.role)) problems.push([`owners[${i}].role`, `rollen ${o.role} finns inte i planen`]);
    if (seen.has(o.role)) problems.push([`owners[${i}].role`, `rollen ${o.role} är tilldelad två gånger`]);
    seen.add(o.role);
  });
  for (const role of planRoles) {
    if (!seen.has(role)) problems.push(['owners', `ingen är utsedd för rollen ${role}`]);
  }
  deployment.owners.forEach((o, i) => {
    if (o.deputy && o.deputy.userId === o.owner.userId) {
      problems.push([`owners[${i}].deputy`, `${o.owner.name} kan inte vara sin egen ersättare`]);
    }
  });
  return problems;
}

export type Capacity = 'ägare' | 'ersättare' | 'administratör';

/** Why a user may answer for an activity, or undefined when they may not. */
export function answeringCapacity(deployment: Deployment, activity: Activity, userId: string): Capacity | undefined {
  const assignment = deployment.owners.find((o) => o.role === activity.ownerRole);
  if (assignment?.owner.userId === userId) return 'ägare';
  if (assignment?.deputy?.userId === userId) return 'ersättare';
  if (isAdministrator(deployment, userId)) return 'administratör';
  return undefined;
}

export function ownerOf(deployment: Deployment, roleId: string): OwnerAssignment | undefined {
  return deployment.owners.find((o) => o.role === roleId);
}

/** Activities a user answers for as owner or deputy (administrators answer on request, not by default). */
export function activitiesOf(deployment: Deployment, plan: Plan, userId: string): Activity[] {
  const roles = new Set(
    deployment.owners.filter((o) => o.owner.userId === userId || o.deputy?.userId === userId).map((o) => o.role),
  );
  return plan.recommendations.flatMap((r) => r.activities).filter((a) => roles.has(a.ownerRole));
}

export function isAdministrator(deployment: Deployment, userId: string): boolean {
  return deployment.administrators.some((m) => m.userId === userId);
}

export function isManagement(deployment: Deployment, userId: string): boolean {
  return deployment.managementGroup.some((m) => m.userId === userId) || isAdministrator(deployment, userId);
}

/**
 * Who answers for an owner role, as people read it: "Karin Lind (Enhetschef, familjehemsenheten)",
 * with the deputy when asked for; the role's title alone when nobody is assigned.
 */
export function ownerLabel(
  plan: Plan,
  deployment: Deployment,
  roleId: string,
  options: { withDeputy?: boolean } = {},
): string {
  const role = plan.ownerRoles.find((r) => r.id === roleId)?.title ?? roleId;
  const assignment = ownerOf(deployment, roleId);
  if (!assignment) return role;
  const deputy = options.withDeputy && assignment.deputy ? `, ersättare ${assignment.deputy.name}` : '';
  return `${assignment.owner.name} (${role}${deputy})`;
}

/** Whether a period holds a date (both ends included). */
export function periodHolds(period: Period, date: string): boolean {
  return period.from <= date && date <= period.to;
}

/** The absence of a person that holds on a date, if any. */
export function absenceOn(deployment: Deployment, userId: string, date: string): Absence | undefined {
  return deployment.absences.find((a) => a.userId === userId && periodHolds(a, date));
}

/** Whether prompts and reminders are paused on a date. */
export function pausedOn(schedule: Schedule, date: string): Period | undefined {
  return schedule.pauses.find((p) => periodHolds(p, date));
}

/**
 * Who gets an owner role's prompts on a date: the owner, or their deputy while the owner is away.
 * With the owner away and no deputy (or the deputy away too), nobody: `uncovered` says so.
 */
export type Addressee =
  { person: Member; onBehalfOf?: Member } | { person?: undefined; uncovered: OwnerAssignment; absence: Absence };

export function addresseeOf(deployment: Deployment, assignment: OwnerAssignment, date: string): Addressee {
  const absence = absenceOn(deployment, assignment.owner.userId, date);
  if (!absence) return { person: assignment.owner };
  if (assignment.deputy && !absenceOn(deployment, assignment.deputy.userId, date)) {
    return { person: assignment.deputy, onBehalfOf: assignment.owner };
  }
  return { uncovered: assignment, absence };
}

/** The roles a person is deputy for, with the owner they stand in for. */
export function deputyFor(deployment: Deployment, userId: string): OwnerAssignment[] {
  return deployment.owners.filter((o) => o.deputy?.userId === userId);
}

/** Everyone the deployment names, in any role: owners, deputies, administrators, the ledningsgrupp. */
export function peopleOf(deployment: Deployment): Set<string> {
  return new Set([
    ...deployment.owners.flatMap((o) => [o.owner.userId, ...(o.deputy ? [o.deputy.userId] : [])]),
    ...deployment.administrators.map((a) => a.userId),
    ...deployment.managementGroup.map((m) => m.userId),
  ]);
}
