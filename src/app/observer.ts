import type { StatusAnswer } from '../domain/answer';
import type { AnswerLog, DeliveryOutcome, PromptAnswers, SendOptions, StoredConversation } from './ports';
import type { WeeklySummary } from '../domain/summary';
import type { PromptNotifier, StatusPrompt, SummaryNotifier, UncoveredNotice } from './ports';
import type { OperationsObserver } from './ports';

export const NO_OBSERVER: OperationsObserver = {
  answerSaved: () => undefined,
  delivered: () => undefined,
  tickFinished: () => undefined,
};

/** The answer log, telling the observer of each answer stored for the first time (not of retries). */
export class ObservedAnswers implements AnswerLog {
  constructor(
    private readonly inner: AnswerLog,
    private readonly observer: OperationsObserver,
  ) {}

  async appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'> {
    const result = await this.inner.appendAnswer(answer);
    if (result === 'stored') this.observer.answerSaved({ planId: answer.planId, activityId: answer.activityId });
    return result;
  }

  answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined> {
    return this.inner.answer(planId, activityId, answerId);
  }

  lastFromPrompt(planId: string, activityId: string, promptId: string): Promise<PromptAnswers | undefined> {
    return this.inner.lastFromPrompt(planId, activityId, promptId);
  }

  answerHistory(planId: string, activityId: string, limit?: number): Promise<StatusAnswer[]> {
    return this.inner.answerHistory(planId, activityId, limit);
  }

  allAnswers(planId: string): Promise<StatusAnswer[]> {
    return this.inner.allAnswers(planId);
  }
}

/** A notifier that tells the observer what each delivery came to. */
export class ObservedNotifier implements PromptNotifier, SummaryNotifier {
  constructor(
    private readonly inner: PromptNotifier & SummaryNotifier,
    private readonly observer: OperationsObserver,
  ) {}

  private tell(kind: 'prompts' | 'summary', conversation: StoredConversation, outcome: DeliveryOutcome) {
    this.observer.delivered({ kind, recipient: conversation.userId ?? conversation.key, outcome });
    return outcome;
  }

  async sendPrompts(
    conversation: StoredConversation,
    prompts: StatusPrompt[],
    options?: SendOptions,
  ): Promise<DeliveryOutcome> {
    return this.tell('prompts', conversation, await this.inner.sendPrompts(conversation, prompts, options));
  }

  async sendUncovered(
    conversation: StoredConversation,
    notice: UncoveredNotice,
    options?: SendOptions,
  ): Promise<DeliveryOutcome> {
    return this.tell('prompts', conversation, await this.inner.sendUncovered(conversation, notice, options));
  }

  async sendSummary(
    conversation: StoredConversation,
    summary: WeeklySummary,
    options?: SendOptions,
    skip?: number,
  ): Promise<DeliveryOutcome> {
    return this.tell('summary', conversation, await this.inner.sendSummary(conversation, summary, options, skip));
  }
}
