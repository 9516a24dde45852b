import type { StatusAnswer } from '../domain/answer';
import type { AnswerLog, DeliveryOutcome, SendOptions, StoredConversation } from './ports';
import type { PromptNotifier, StatusPrompt, UncoveredNotice } from './prompts';
import type { SummaryNotifier } from './weeklySummaries';
import type { WeeklySummary } from '../domain/summary';

/** What one scheduler tick did: whether it held the lease, and which slot of each job it handled. */
export interface TickReport {
  leader: boolean;
  prompts?: string;
  reminder?: string;
  /** Reminders owners moved to this day, sent in this pass ("<cycle>:<activity>"). */
  movedReminders?: string[];
  summary?: string;
}

/**
 * What an operator wants to see of the bot's work, told as it happens: answers kept, messages
 * delivered or not, waits on Teams' throttling, scheduler ticks. The telemetry adapter turns these
 * into metrics and events; without telemetry nothing listens.
 */
export interface OperationsObserver {
  answerSaved(event: { planId: string; activityId: string }): void;
  delivered(event: {
    kind: 'prompts' | 'summary';
    /** The user id of a 1:1 chat, or the conversation key of a channel. */
    recipient: string;
    outcome: DeliveryOutcome;
  }): void;
  tickFinished(event: { report: TickReport; durationMs: number; error?: string }): void;
}

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

  answersFromPrompt(planId: string, activityId: string, promptId: string): Promise<StatusAnswer[]> {
    return this.inner.answersFromPrompt(planId, activityId, promptId);
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
