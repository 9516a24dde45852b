/** What the use cases need from the process around them: time, logs and observation. */
import type { DeliveryOutcome } from './messaging';

export interface Clock {
  now(): Date;
}

/** Structured logging, as the application needs it (pino satisfies it). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What one scheduler tick did: whether it held the lease, and which slot of each job it handled. */
export interface TickReport {
  leader: boolean;
  prompts?: string;
  reminder?: string;
  /** Reminders owners moved to this day, sent in this pass ("<cycle>:<activity>"). */
  movedReminders?: string[];
  summary?: string;
  /** The day's gallring, when this pass ran it: what it removed, in Swedish. */
  gallring?: string[];
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
  /** What one store operation cost, where the store counts it (Cosmos DB's request units). */
  storeCharged?(event: { operation: string; requestUnits: number }): void;
}

/** When the schedule's next prompt goes out (undefined: none is planned); `scheduling/nextSends.ts` implements it. */
export interface NextPrompt {
  prompt(): Date | undefined;
}
