import type { ActivityState, StatusAnswer } from '../domain/answer';

/** A stored value with the version tag its store uses to detect concurrent writes. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export type SaveResult = 'saved' | 'conflict';

/** Every answer ever given, and the current status per activity. */
export interface AnswerStore {
  /** Appends an answer; an answer with the same id already stored is a retry and stores nothing. */
  appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'>;
  /** Newest first. */
  answerHistory(planId: string, activityId: string, limit?: number): Promise<StatusAnswer[]>;
  /** Every answer in the plan, oldest first: the follow-up record. */
  allAnswers(planId: string): Promise<StatusAnswer[]>;
  activityState(planId: string, activityId: string): Promise<Versioned<ActivityState> | undefined>;
  activityStates(planId: string): Promise<ActivityState[]>;
  /**
   * Writes the current status if nobody changed it since `expectedEtag` was read; with no etag,
   * only if there is none yet. Otherwise 'conflict' and nothing is written.
   */
  saveActivityState(state: ActivityState, expectedEtag: string | undefined): Promise<SaveResult>;
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Where the bot can write to later: a 1:1 chat with a user, a group chat or a team channel. */
export interface StoredConversation {
  /** `personal:<userId>`, `channel:<conversationId>` or `groupChat:<conversationId>`. */
  key: string;
  kind: ConversationKind;
  userId?: string;
  teamId?: string;
  /** The chat client's own reference, kept as it came, opaque to the application. */
  reference: Record<string, unknown>;
  updatedAt: string;
  gone: boolean;
}

export interface ConversationStore {
  /** Creates or replaces; unchanged when the same reference is stored again (installs repeat). */
  saveConversation(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'>;
  conversation(key: string): Promise<StoredConversation | undefined>;
  markGone(key: string, at: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** All the stores of one deployment, on one backend. */
export interface Store {
  readonly answers: AnswerStore;
  readonly conversations: ConversationStore;
  close(): Promise<void>;
}

/** Structured logging, as the application needs it (pino satisfies it). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What sending to one conversation came to. */
export type DeliveryOutcome =
  | { outcome: 'sent' }
  /** Blocked, uninstalled or gone (403/404): recorded and shown, not retried. */
  | { outcome: 'unreachable'; status: number }
  | { outcome: 'failed'; message: string };
