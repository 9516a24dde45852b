import type { StatusAnswer } from '../../src/domain/answer';
import type { AnswerLog, CurrentStates } from '../../src/app/ports';
import { AppError, type WriteOutcome } from '../../src/app/errors';

/**
 * What the next write does, in the order the writes come:
 * - `ok`: the real store's answer;
 * - `lostAfter`: applied, then the answer is lost (a 503 or a reset after Cosmos DB wrote it);
 * - `lostBefore`: lost before it was applied, but the caller cannot tell (a 503 before the write);
 * - `refused`: refused outright, nothing applied (a 429, a locked file).
 */
export type WriteFault = 'ok' | 'lostAfter' | 'lostBefore' | 'refused';

const unavailable = (outcome: WriteOutcome) =>
  new AppError('STORE_UNAVAILABLE', `provfel: lagringen svarade inte (${outcome})`, outcome);

/**
 * A real store's answers and current states behind a script of faults: each write takes the next
 * fault from its script (then `ok`), and reads fail while `readsFail` is set.
 */
export class FaultyStore {
  answerWrites: WriteFault[] = [];
  stateWrites: WriteFault[] = [];
  readsFail = false;
  /** After the first fault the store goes dark: every later read and write fails, writes as unknown. */
  darkAfterFault = false;
  /** How many appends reached the real store. */
  applied = 0;

  constructor(
    private readonly innerAnswers: AnswerLog,
    private readonly innerStates: CurrentStates,
  ) {}

  private async write<T>(script: WriteFault[], apply: () => Promise<T>): Promise<T> {
    const fault = this.readsFail && this.darkAfterFault ? 'lostBefore' : (script.shift() ?? 'ok');
    if (fault !== 'ok' && this.darkAfterFault) this.readsFail = true;
    if (fault === 'refused') throw unavailable('notApplied');
    if (fault === 'lostBefore') throw unavailable('unknown');
    const result = await apply();
    if (fault === 'lostAfter') throw unavailable('unknown');
    return result;
  }

  private read<T>(work: () => Promise<T>): Promise<T> {
    return this.readsFail ? Promise.reject(unavailable('notApplied')) : work();
  }

  readonly answers: AnswerLog = {
    appendAnswer: (answer: StatusAnswer) =>
      this.write(this.answerWrites, async () => {
        this.applied++;
        return this.innerAnswers.appendAnswer(answer);
      }),
    answer: (p, a, id) => this.read(() => this.innerAnswers.answer(p, a, id)),
    lastFromPrompt: (p, a, prompt) => this.read(() => this.innerAnswers.lastFromPrompt(p, a, prompt)),
    answerHistory: (p, a, limit) => this.read(() => this.innerAnswers.answerHistory(p, a, limit)),
    allAnswers: (p) => this.read(() => this.innerAnswers.allAnswers(p)),
  };

  readonly states: CurrentStates = {
    activityState: (p, a) => this.read(() => this.innerStates.activityState(p, a)),
    activityStates: (p) => this.read(() => this.innerStates.activityStates(p)),
    saveActivityState: (state, etag, recent) =>
      this.write(this.stateWrites, () => this.innerStates.saveActivityState(state, etag, recent)),
  };
}
