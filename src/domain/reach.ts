import type { Deployment, Member } from './deployment';

/**
 * Why the bot could not reach a person in 1:1 chat. Each reason has its own remedy for an
 * administrator, so they are kept apart rather than folded into one "could not be reached".
 */
export const UNREACHABLE_REASONS = ['notInTeam', 'noConsent', 'blocked', 'uninstalled', 'failed'] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export const isUnreachableReason = (value: unknown): value is UnreachableReason =>
  typeof value === 'string' && (UNREACHABLE_REASONS as readonly string[]).includes(value);

/** A person the bot could not reach, and why. */
export interface Unreachable {
  name: string;
  reason: UnreachableReason;
}

/**
 * Everyone the deployment names (owners, deputies, administrators, the management group), once
 * each: the people whose 1:1 address the bot keeps when it reads a team's roster.
 */
export function deploymentPeople(deployment: Deployment): Member[] {
  const all = [
    ...deployment.owners.flatMap((o) => [o.owner, ...(o.deputy ? [o.deputy] : [])]),
    ...deployment.administrators,
    ...deployment.managementGroup,
  ];
  const byId = new Map<string, Member>();
  for (const m of all) if (!byId.has(m.userId)) byId.set(m.userId, m);
  return [...byId.values()];
}
