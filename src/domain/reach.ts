import type { Deployment, Member } from './deployment';

/**
 * Why the bot could not reach a person in 1:1 chat. Each reason has its own remedy for an
 * administrator, so they are kept apart rather than folded into one "could not be reached".
 */
export const UNREACHABLE_REASONS = ['notInTeam', 'noConsent', 'blocked', 'uninstalled', 'failed', 'uncertain'] as const;
export type UnreachableReason = (typeof UNREACHABLE_REASONS)[number];

export const isUnreachableReason = (value: unknown): value is UnreachableReason =>
  typeof value === 'string' && (UNREACHABLE_REASONS as readonly string[]).includes(value);

/**
 * What came of one send, as a person is told it: four states kept apart, because each calls for
 * something different.
 * - `delivered` (levererat): Teams accepted every message.
 * - `refused` (nekat): Teams answered no before accepting anything (403 blocked, 404 uninstalled,
 *   or 429/5xx until the attempts ran out), with its status.
 * - `unknown` (okänt): a message went out and the answer was lost (a timeout, a connection dropped
 *   after Teams may have accepted it): it may have reached the person, so it "kan ha nått fram".
 * - `unreachable` (kunde inte nås): there was nowhere to send it (no chat, no team, no consent).
 * - `pending`: not final yet, to be tried again.
 */
export type DeliveryState =
  | { state: 'delivered' }
  | { state: 'refused'; reason: UnreachableReason; status?: number }
  | { state: 'unknown' }
  | { state: 'unreachable'; reason: UnreachableReason }
  | { state: 'pending' };

/** The fields of a recorded send that tell its state. */
export interface SendFacts {
  outcome?: 'sent' | 'unreachable' | 'failed';
  reason?: string;
  status?: number;
  uncertain?: number;
}

export function deliveryState(send: SendFacts): DeliveryState {
  if (send.outcome === 'sent') return { state: 'delivered' };
  if (send.outcome !== 'unreachable') return { state: 'pending' };
  const reason: UnreachableReason = isUnreachableReason(send.reason) ? send.reason : 'failed';
  // An attempt of unknown fate that used up the budget: it may well have arrived.
  if (reason === 'uncertain' || (reason === 'failed' && (send.uncertain ?? 0) > 0 && !send.status)) {
    return { state: 'unknown' };
  }
  if (reason === 'notInTeam' || reason === 'noConsent') return { state: 'unreachable', reason };
  return { state: 'refused', reason, ...(send.status ? { status: send.status } : {}) };
}

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
