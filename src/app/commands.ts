import type { Plan } from '../domain/plan';

/** What `/status …` asks for. */
export type StatusTarget =
  | { kind: 'overview' }
  | { kind: 'recommendation'; id: string }
  | { kind: 'activity'; id: string }
  | { kind: 'unknown'; text: string };

/**
 * Reads the argument of /status: nothing, "rek2", "rek 2", "2" (a recommendation) or "2a" (an
 * activity). Anything else, or an id the plan lacks, is unknown.
 */
export function parseStatusTarget(argument: string, plan: Plan): StatusTarget {
  const text = argument.trim().toLowerCase();
  if (text === '') return { kind: 'overview' };
  const rec = /^(?:rek(?:ommendation)?\.?\s*)?(\d+)$/.exec(text);
  if (rec) {
    const id = `rek${Number(rec[1])}`;
    return plan.recommendations.some((r) => r.id === id) ? { kind: 'recommendation', id } : { kind: 'unknown', text };
  }
  const act = /^(\d+)\s*([a-z]{1,3})$/.exec(text);
  if (act) {
    const id = `${Number(act[1])}${act[2]}`;
    const exists = plan.recommendations.some((r) => r.activities.some((a) => a.id === id));
    return exists ? { kind: 'activity', id } : { kind: 'unknown', text };
  }
  return { kind: 'unknown', text };
}
