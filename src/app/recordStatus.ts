import { createHash } from 'node:crypto';
import {
  isLater,
  RECENT_ANSWERS,
  stateFromAnswer,
  withRecent,
  type AnswerValues,
  type Person,
  type StatusAnswer,
} from '../domain/answer';
import { answerValues, checkAnswer, type AnswerDraft, type FieldProblem } from '../domain/answerRules';
import { closureOf, isOpen } from '../domain/lifecycle';
import { formatSwedishDate, stockholmDate } from '../domain/dates';
import { answeringCapacity, type Capacity } from '../domain/deployment';
import { findActivity, type Activity } from '../domain/plan';
import { AppError, isStoreUnavailable } from './errors';
import type { FollowUpContext } from './context';
import type { RecentAnswer } from './ports';
import { verbOpens } from './permissionTable';

export interface StatusSubmission {
  activityId: string;
  /** The prompt card the answer came from; a retry of the same card carries the same id. */
  promptId: string;
  /** The earlier answer this one corrects, when it came from "Rätta svaret". */
  corrects?: string;
  draft: AnswerDraft;
  actor: Person;
}

export type RecordOutcome =
  | { kind: 'saved'; answer: StatusAnswer; activity: Activity; retry: boolean; capacity: Capacity }
  | { kind: 'invalid'; activity: Activity; problems: FieldProblem[] }
  | { kind: 'notAllowed'; activity: Activity }
  | { kind: 'unknownActivity'; activityId: string }
  /** Closed by an administrator, or the plan is archived: nothing more is recorded for it. */
  | { kind: 'closed'; activity: Activity; message: string }
  /**
   * The store lost its answer to the write and could not be asked since: the answer may or may
   * not be kept. Sending the same card again stores it at most once (its id is its content).
   */
  | { kind: 'unknownWhetherSaved'; activity: Activity }
  /** The answer is in the history, but the store failed before it became the current status. */
  | { kind: 'savedNotCurrent'; answer: StatusAnswer; activity: Activity };

const MAX_CONFLICT_RETRIES = 30;

/** A short random pause after a lost race, so one of many concurrent writers gets through each round. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 * (attempt + 1))));

/**
 * Keeps an owner's answer: checks who answers and what, appends it to the history (once, however
 * often the same card is retried) and moves the activity's current status to the latest answer,
 * guarded by the store's etag so concurrent answers never overwrite each other out of order.
 */
export class RecordStatus {
  constructor(private readonly ctx: FollowUpContext) {}

  async submit(input: StatusSubmission): Promise<RecordOutcome> {
    const activity = findActivity(this.ctx.plan, input.activityId);
    if (!activity) return { kind: 'unknownActivity', activityId: input.activityId };
    const knock = { deployment: this.ctx.deployment, plan: this.ctx.plan, userId: input.actor.userId, activity };
    const capacity = answeringCapacity(this.ctx.deployment, activity, input.actor.userId);
    if (!verbOpens('submitStatus', knock) || !capacity) return { kind: 'notAllowed', activity };
    if (!isOpen(this.ctx.plan, activity)) {
      const closure = this.ctx.plan.archived ?? closureOf(this.ctx.plan, activity)!;
      const what = this.ctx.plan.archived ? 'Planen är arkiverad' : `Aktiviteten ${activity.id} är avslutad`;
      return {
        kind: 'closed',
        activity,
        message: `${what} (${formatSwedishDate(closure.at)}, ${closure.by}: ${closure.reason}) och följs inte längre upp. Ingenting har sparats; /status ${activity.id} visar den.`,
      };
    }
    const problems = checkAnswer(activity, input.draft, stockholmDate(this.ctx.clock.now()));
    if (problems.length > 0) return { kind: 'invalid', activity, problems };

    const values = answerValues(input.draft);
    const planId = this.ctx.plan.id;
    // Both found by id, so a retried card costs the same however long the history is, and however
    // many answers the card already sent.
    const [earlier, fromThisCard] = await Promise.all([
      input.corrects ? this.ctx.answers.answer(planId, activity.id, input.corrects) : undefined,
      this.ctx.answers.lastFromPrompt(planId, activity.id, input.promptId),
    ]);
    // A correction names an earlier answer of the same activity; any other id is not kept.
    const corrects = earlier ? earlier.id : undefined;
    // The latest answer sent from this card. The same values again, right after themselves, are a
    // retry; after other values (A, B, then A again) they are a new answer that becomes current.
    const last = fromThisCard?.last;
    const content = answerId(input.promptId, activity.id, input.actor.userId, values);
    if (last && answerId(last.promptId, activity.id, last.answeredBy.userId, last) === content) {
      if (!(await this.becomesCurrent(last))) return { kind: 'savedNotCurrent', answer: last, activity };
      return { kind: 'saved', answer: last, activity, retry: true, capacity };
    }
    const answer: StatusAnswer = {
      id: answerId(input.promptId, activity.id, input.actor.userId, values, fromThisCard?.count ?? 0),
      planId: this.ctx.plan.id,
      activityId: activity.id,
      ...values,
      answeredBy: input.actor,
      ownerRole: activity.ownerRole,
      answeredAt: this.ctx.clock.now().toISOString(),
      promptId: input.promptId,
      ...(corrects ? { corrects } : {}),
    };
    const kept = await this.append(answer);
    if (kept === 'unknown') return { kind: 'unknownWhetherSaved', activity };
    // Also on a retry: a crash between the append and this write is mended by the retry.
    if (!(await this.becomesCurrent(kept.answer))) return { kind: 'savedNotCurrent', answer: kept.answer, activity };
    return { kind: 'saved', answer: kept.answer, activity, retry: kept.retry, capacity };
  }

  /**
   * Appends the answer and tells what is known afterwards. A write whose outcome the store lost
   * (a 503, a timeout, a reset) is read back by the answer's id; if it is not there it is written
   * once more under the same id, which a late first write turns into a duplicate, never a second
   * answer. Only a write the store refused outright lets "nothing was saved" through (thrown).
   */
  private async append(answer: StatusAnswer): Promise<{ answer: StatusAnswer; retry: boolean } | 'unknown'> {
    for (let attempt = 1; ; attempt++) {
      let stored: 'stored' | 'duplicate';
      try {
        stored = await this.ctx.answers.appendAnswer(answer);
      } catch (error) {
        // Refused outright the first time: nothing was saved. After that, nothing is known for sure.
        if (attempt === 1 ? !outcomeUnknown(error) : !isStoreUnavailable(error)) throw error;
        // A write of several steps can lose more than one: a read tells whether either landed.
        const back = outcomeUnknown(error) ? await this.readBack(answer) : 'unknown';
        if (back && back !== 'unknown') return { answer: back, retry: false };
        if (back === 'unknown' || attempt === 2) return 'unknown';
        continue;
      }
      if (stored === 'stored') return { answer, retry: false };
      const kept = await this.readBack(answer);
      // A duplicate of our own second write is the first write having landed late, not a retry.
      return { answer: kept && kept !== 'unknown' ? kept : answer, retry: attempt === 1 };
    }
  }

  private async readBack(answer: StatusAnswer): Promise<StatusAnswer | undefined | 'unknown'> {
    try {
      return await this.ctx.answers.answer(answer.planId, answer.activityId, answer.id);
    } catch (error) {
      if (isStoreUnavailable(error)) return 'unknown';
      throw error;
    }
  }

  /** False when the store is unavailable before the answer has become the current status. */
  private async becomesCurrent(answer: StatusAnswer): Promise<boolean> {
    try {
      await this.moveCurrentStatus(answer);
      return true;
    } catch (error) {
      if (isStoreUnavailable(error)) return false;
      throw error;
    }
  }

  /**
   * Moves the current status to the answer if it is the latest, and takes it into the status's
   * latest answers (what `/status 2a` shows) wherever it falls among them.
   */
  private async moveCurrentStatus(answer: StatusAnswer): Promise<void> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.ctx.states.activityState(answer.planId, answer.activityId);
      // A status written by an earlier version keeps no latest answers: they are read once from the history.
      const recent =
        current?.recent ??
        (await this.ctx.answers.answerHistory(answer.planId, answer.activityId, RECENT_ANSWERS)).map(recentOf);
      const next = withRecent(recent, recentOf(answer));
      const statusHolds = current && (current.value.answerId === answer.id || !isLater(answer, current.value));
      if (statusHolds && current.recent && sameIds(current.recent, next)) return;
      const state = statusHolds ? current.value : stateFromAnswer(answer);
      const result = await this.ctx.states.saveActivityState(state, current?.etag, next);
      if (result === 'saved') return;
      await backOff(attempt);
    }
    throw new AppError(
      'STORE_CONFLICT',
      `Aktivitet ${answer.activityId} ändrades samtidigt av andra ${MAX_CONFLICT_RETRIES} gånger; svaret är sparat i historiken men inte som aktuell status. Försök igen.`,
    );
  }
}

const outcomeUnknown = (error: unknown): boolean => isStoreUnavailable(error) && error.writeOutcome === 'unknown';

const recentOf = (a: { id: string; answeredAt: string }): RecentAnswer => ({ id: a.id, answeredAt: a.answeredAt });

const sameIds = (a: readonly RecentAnswer[], b: readonly RecentAnswer[]): boolean =>
  a.length === b.length && a.every((r, i) => r.id === b[i]!.id);

/**
 * The id of an answer: the same prompt submitted again with the same values (a retry) gets the
 * same id and is stored once; other values from the same card, or the first values again after
 * them, count on; a correction comes from a new prompt, so it is a new answer.
 */
export function answerId(
  promptId: string,
  activityId: string,
  answeredBy: string,
  values: AnswerValues,
  /** How many answers this card sent before; 0 keeps the ids of earlier versions. */
  sequence = 0,
): string {
  const canonical = JSON.stringify([
    ...(sequence > 0 ? [sequence] : []),
    promptId,
    activityId,
    answeredBy,
    values.status,
    values.comment ?? '',
    values.nextStep ?? '',
    values.milestonesReached,
    values.evidenceUrl ?? '',
    Object.entries(values.indicators).sort(([a], [b]) => a.localeCompare(b)),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
