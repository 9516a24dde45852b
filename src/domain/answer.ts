import type { Status } from './status';

/** Who gave an answer, as the chat client identified them. */
export interface Person {
  userId: string;
  name: string;
}

/** What an owner reports: the values of an answer, after every rule is met. */
export interface AnswerValues {
  status: Status;
  comment?: string;
  nextStep?: string;
  milestonesReached: string[];
  evidenceUrl?: string;
  indicators: Record<string, number>;
}

/**
 * One owner's status update for one activity: the record of the follow-up. Answers are only ever
 * appended; a correction is a new answer.
 */
export interface StatusAnswer extends AnswerValues {
  /** Derived from the prompt and the values, so a retried submission has the same id. */
  id: string;
  planId: string;
  activityId: string;
  answeredBy: Person;
  /** The owner role the answer is given for (the answerer may be a deputy or an administrator). */
  ownerRole: string;
  answeredAt: string;
  promptId: string;
  /** The earlier answer this one corrects ("Rätta svaret"); the earlier one is kept as it was. */
  corrects?: string;
}

/** The current status of an activity: its latest answer, kept beside the append-only history. */
export interface ActivityState extends AnswerValues {
  planId: string;
  activityId: string;
  answerId: string;
  answeredAt: string;
  answeredBy: Person;
}

export function stateFromAnswer(a: StatusAnswer): ActivityState {
  return {
    planId: a.planId,
    activityId: a.activityId,
    status: a.status,
    answerId: a.id,
    answeredAt: a.answeredAt,
    answeredBy: a.answeredBy,
    comment: a.comment,
    nextStep: a.nextStep,
    milestonesReached: a.milestonesReached,
    indicators: a.indicators,
    evidenceUrl: a.evidenceUrl,
  };
}

/** The later answer wins; equal times are ordered by id so every instance picks the same one. */
export function isLater(a: { answeredAt: string; answerId?: string; id?: string }, b: ActivityState): boolean {
  const aId = a.answerId ?? a.id ?? '';
  if (a.answeredAt !== b.answeredAt) return a.answeredAt > b.answeredAt;
  return aId > b.answerId;
}

/** How many of its latest answers an activity's current status keeps: what `/status 2a` shows. */
export const RECENT_ANSWERS = 5;

/** Newest first, the same order as the history: by time, then by id. */
export function newestFirst(a: { answeredAt: string; id: string }, b: { answeredAt: string; id: string }): number {
  if (a.answeredAt !== b.answeredAt) return a.answeredAt < b.answeredAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The latest answers with one more taken in (once), newest first and at most RECENT_ANSWERS. */
export function withRecent<T extends { answeredAt: string; id: string }>(recent: readonly T[], answer: T): T[] {
  const all = recent.some((r) => r.id === answer.id) ? [...recent] : [...recent, answer];
  return all.sort(newestFirst).slice(0, RECENT_ANSWERS);
}

/**
 * Whether an activity still waits for its owner's answer: not done, and not answered since `since`
 * (the cycle's start). Without `since`, only an activity never answered waits.
 */
export function awaitsAnswer(
  latest: Pick<ActivityState, 'status' | 'answeredAt'> | undefined,
  since: string | undefined,
): boolean {
  if (!latest) return true;
  return latest.status !== 'klar' && since !== undefined && latest.answeredAt < since;
}
