import { z } from 'zod';
import type { Activity, Plan } from './plan';

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
  })
  .strict();

export type Schedule = z.infer<typeof scheduleSchema>;

export const DEFAULT_SCHEDULE: Schedule = {
  prompts: { cron: '0 9 * * 1', everyWeeks: 2, anchor: '2026-11-30' },
  reminders: { afterWorkingDays: 3, max: 2 },
  summary: { cron: '0 8 * * 1' },
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
