import { formatSwedishDate, MONTHS } from './dates';
import {
  allActivities,
  dateText,
  type CheckInNote,
  type CheckInRhythm,
  type ClosureNote,
  type Milestone,
  type Plan,
  type PlanDate,
} from './plan';

/** What one revision does to the plan's milestones. */
export type RevisionChange =
  | { kind: 'moved'; milestoneId: string; to: PlanDate }
  | { kind: 'added'; activityId: string; milestone: { id: string; title: string; due: PlanDate } }
  | { kind: 'removed'; milestoneId: string }
  /** A recommendation (rekN) or an activity closed: on a "genomförd" assessment or for the reason given. */
  | { kind: 'closed'; itemId: string }
  /** An activity moved to check-ins ("löpande vid avstämningar"). */
  | { kind: 'checkIns'; activityId: string; rhythm: CheckInRhythm; dates: string[] }
  /** The plan archived: every recommendation closed; read-only, no sends. */
  | { kind: 'archived' };

/** An administrator's revision of the plan: append-only, with a reason, who and when. */
export interface PlanRevision {
  planId: string;
  id: string;
  at: string;
  by: { userId: string; name: string };
  reason: string;
  change: RevisionChange;
}

/** "2026-06" → the month as a plan date: "juni 2026", 1–30 June. Undefined for anything else. */
export function monthDate(yearMonth: string): PlanDate | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(yearMonth.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12 || year < 2000 || year > 2100) return undefined;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { text: `${MONTHS[month - 1]!} ${year}`, from: `${year}-${mm}-01`, to: `${year}-${mm}-${lastDay}` };
}

/**
 * The plan the bot follows: the plan file's plan with the revisions made up to `upTo` (all when
 * absent) applied in order. A moved milestone keeps its plan-file date as `revision.original`; a
 * removed one is gone; an added one is judged like any other. The plan file's text is never changed.
 */
export function revisedPlan(plan: Plan, revisions: readonly PlanRevision[], upTo?: string): Plan {
  const applied = revisions
    .filter((r) => upTo === undefined || r.at <= upTo)
    .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  if (applied.length === 0) return plan;
  const milestones = new Map<string, Milestone[]>(
    allActivities(plan).map((a) => [a.id, a.milestones.map((m) => ({ ...m }))]),
  );
  const closures = new Map<string, ClosureNote>();
  const checkIns = new Map<string, CheckInNote>();
  let archived: ClosureNote | undefined;
  for (const r of applied) {
    const note = { reason: r.reason, by: r.by.name, at: r.at };
    const change = r.change;
    if (change.kind === 'closed') {
      closures.set(change.itemId, note);
      continue;
    }
    if (change.kind === 'checkIns') {
      checkIns.set(change.activityId, { ...note, rhythm: change.rhythm, dates: change.dates });
      continue;
    }
    if (change.kind === 'archived') {
      archived = note;
      continue;
    }
    if (change.kind === 'added') {
      const list = milestones.get(change.activityId);
      if (list && !list.some((m) => m.id === change.milestone.id)) {
        list.push({ ...change.milestone, revision: { kind: 'added', ...note } });
      }
      continue;
    }
    for (const [activityId, list] of milestones) {
      const at = list.findIndex((m) => m.id === change.milestoneId);
      if (at < 0) continue;
      if (change.kind === 'removed') {
        milestones.set(
          activityId,
          list.filter((m) => m.id !== change.milestoneId),
        );
      } else {
        const m: Milestone = list[at]!;
        const original = m.revision?.original ?? (m.revision?.kind === 'added' ? undefined : m.due);
        list[at] = { ...m, due: change.to, revision: { kind: m.revision?.kind ?? 'moved', original, ...note } };
      }
    }
  }
  const closed = <T extends object>(id: string, item: T): T =>
    closures.has(id) ? { ...item, closure: closures.get(id) } : item;
  return {
    ...plan,
    ...(archived ? { archived } : {}),
    recommendations: plan.recommendations.map((rec) =>
      closed(rec.id, {
        ...rec,
        activities: rec.activities.map((a) =>
          closed(a.id, {
            ...a,
            milestones: milestones.get(a.id) ?? a.milestones,
            ...(checkIns.has(a.id) ? { checkIns: checkIns.get(a.id) } : {}),
          }),
        ),
      }),
    ),
  };
}

/** The milestone with that id anywhere in the plan. */
export function findMilestone(plan: Plan, id: string): Milestone | undefined {
  return allActivities(plan)
    .flatMap((a) => a.milestones)
    .find((m) => m.id === id);
}

/** "reviderad från mars 2026 till juni 2026 – skäl: … (Anna Admin, 1 december 2026)"; undefined if not revised. */
export function revisionText(m: Milestone): string | undefined {
  const r = m.revision;
  if (!r) return undefined;
  const what =
    r.kind === 'added' ? `tillagd (${m.due.text})` : `reviderad från ${r.original?.text ?? '–'} till ${m.due.text}`;
  return `${what} – skäl: ${r.reason} (${r.by}, ${formatSwedishDate(r.at)})`;
}

/** The milestone's date as shown: the plan's words, and how it was revised, if it was. */
export function milestoneDateText(m: Milestone): string {
  const revision = revisionText(m);
  return revision ? `${dateText(m.due)}; ${revision}` : dateText(m.due);
}
