import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Activity, ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { DeliveryOutcome, SendOptions, StoredConversation } from '../../app/ports';
import { withoutClientRetries } from './connectorPipeline';
import { AttemptFailure, SendTimeout, classify, httpStatusOf, retryAfterMs } from './failures';
import { SlidingWindowPacer, TEAMS_PER_APP, TEAMS_PER_CONVERSATION, type RateWindow } from './pacer';

/** Teams' documented limits for a bot, and how the bot retries and times out within them. */
export interface DeliveryLimits {
  /** Sliding windows per conversation (thread); `[]` lifts them. */
  perConversation: readonly RateWindow[];
  /** Sliding windows for the app across all conversations; `[]` lifts them. */
  perApp: readonly RateWindow[];
  /** Retries of one message after 429 or a server error, on top of the connector client's own. */
  maxRetries: number;
  /** Upper bound of the random extra wait added to each retry. */
  jitterMs: number;
  /** How long one attempt may take before it is given up as of unknown fate. */
  sendTimeoutMs: number;
}

/** The longest one retry waits, whatever Retry-After asks: a longer wait is left to the next attempt. */
export const RETRY_AFTER_CAP_MS = 60_000;

/** The longest Retry-After a deferring send waits out in its slot; a longer one is left to a later pass. */
export const INLINE_RETRY_AFTER_MS = 5_000;

const isLongThrottle = (error: unknown): boolean =>
  error instanceof AttemptFailure &&
  error.kind === 'throttled' &&
  (retryAfterMs(error.cause) ?? 1000) > INLINE_RETRY_AFTER_MS;

/** A send stopped before its next message because the sender may no longer send. */
class Stopped extends Error {
  constructor() {
    super('avbrutet: instansen får inte längre skicka');
  }
}

export const TEAMS_LIMITS: DeliveryLimits = {
  perConversation: TEAMS_PER_CONVERSATION,
  perApp: TEAMS_PER_APP,
  maxRetries: 4,
  jitterMs: 250,
  sendTimeoutMs: 10_000,
};

/**
 * Proactive messages through the adapter, paced to Teams' sliding windows exactly (per
 * conversation and for the app), one message at a time per conversation. Every retry happens here and is counted here:
 * the Bot Connector client's own retry policy is taken out of its pipeline. A 429 waits as long as
 * Retry-After says, a server error backs off exponentially, both with jitter and a bounded number
 * of retries; 403 and 404 (blocked, uninstalled, gone) are not retried but reported. Each attempt
 * has a timeout; an attempt of unknown fate (timeout, connection lost after sending) is retried
 * only as far as the caller's budget allows, so a recipient gets at most one extra copy.
 * It knows nothing of what it carries: the notifiers render the messages and hand them over.
 */
export class TeamsTransport {
  private readonly pacer: SlidingWindowPacer;
  /** The send in progress per conversation: the next one starts after it, so messages keep their order. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly closed = new AbortController();
  private closing = false;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly limits: DeliveryLimits = TEAMS_LIMITS,
  ) {
    // Every waiting send listens for the close (one per send in flight): many by design, not a leak.
    setMaxListeners(0, this.closed.signal);
    this.pacer = new SlidingWindowPacer(limits.perConversation, limits.perApp);
  }

  /** Runs `send` after whatever is being sent to the same conversation. */
  private inOrder<T>(key: string, send: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(send, send);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /** One message: a paced attempt, and retries as the policy allows; the id Teams gave it. */
  private async deliver(
    key: string,
    reference: Partial<ConversationReference>,
    message: Partial<Activity>,
    budget: { uncertainLeft: number; uncertain: number },
    mayContinue?: () => Promise<boolean>,
    deferThrottled = false,
  ): Promise<string | undefined> {
    for (let retryCount = 0; ; retryCount++) {
      // Asked before every message and every retry: a fenced or stopping sender sends nothing more.
      if (mayContinue && !(await mayContinue())) throw new Stopped();
      try {
        const answered = await this.pacer.slot(key, this.closed.signal);
        try {
          return await this.attempt(reference, message, budget);
        } finally {
          answered();
        }
      } catch (error) {
        // A long throttle is not waited out here, holding a slot: the caller tries again later.
        if (deferThrottled && isLongThrottle(error)) throw error;
        const wait = this.retryDelay(error, retryCount);
        if (wait === undefined) throw error;
        await sleep(wait, undefined, { signal: this.closed.signal }).catch(() => {
          throw error;
        });
      }
    }
  }

  private retryDelay(error: unknown, retryCount: number): number | undefined {
    if (this.closing || !(error instanceof AttemptFailure) || !error.mayRetry) return undefined;
    if (retryCount >= this.limits.maxRetries) return undefined;
    const jitter = Math.random() * this.limits.jitterMs;
    if (error.kind === 'throttled') return Math.min(RETRY_AFTER_CAP_MS, retryAfterMs(error.cause) ?? 1000) + jitter;
    return Math.min(30_000, 500 * 2 ** retryCount) + jitter;
  }

  /** Messages to one conversation, in order; in a channel with `thread`, every one after the first replies to it. */
  async send(
    conversation: StoredConversation,
    messages: Partial<Activity>[],
    options: SendOptions,
    thread: boolean,
  ): Promise<DeliveryOutcome> {
    let reference = conversation.reference as Partial<ConversationReference>;
    const budget = { uncertainLeft: options.uncertainRetries, uncertain: 0 };
    let delivered = 0;
    try {
      await this.inOrder(conversation.key, async () => {
        for (const message of messages) {
          const id = await this.deliver(
            conversation.key,
            reference,
            message,
            budget,
            options.mayContinue,
            options.deferThrottled,
          );
          if (delivered === 0 && thread && conversation.kind === 'channel' && id) reference = inThread(reference, id);
          delivered += 1;
        }
      });
      return { outcome: 'sent' };
    } catch (error) {
      const failure = error instanceof AttemptFailure ? error : undefined;
      const status = failure?.status;
      if (status === 403 || status === 404) return { outcome: 'unreachable', status, delivered };
      const failed = {
        outcome: 'failed',
        message: (error as Error).message,
        delivered,
        uncertain: budget.uncertain,
      } as const;
      if (error instanceof Stopped) return { ...failed, stopped: true };
      // Teams answered with a refusal: nothing of this message was accepted, so its fate is known.
      if (failure?.kind === 'throttled' || failure?.kind === 'server') {
        const wait = retryAfterMs(failure.cause);
        return {
          ...failed,
          refused: 1,
          refusedStatus: status,
          retryAfterMs: wait === undefined ? undefined : Math.min(RETRY_AFTER_CAP_MS, wait),
        };
      }
      return failed;
    }
  }

  /** One attempt, classified for the retry policy; an attempt of unknown fate spends the budget. */
  private async attempt(
    reference: Partial<ConversationReference>,
    message: Partial<Activity>,
    budget: { uncertainLeft: number; uncertain: number },
  ): Promise<string | undefined> {
    try {
      return await this.sendOne(reference, message);
    } catch (error) {
      const kind = classify(error);
      let mayRetry = kind === 'throttled' || kind === 'server' || kind === 'notSent';
      if (kind === 'uncertain') {
        budget.uncertain += 1;
        mayRetry = budget.uncertainLeft > 0;
        budget.uncertainLeft -= 1;
      }
      throw new AttemptFailure(kind, httpStatusOf(error), error, mayRetry);
    }
  }

  /**
   * One message in its own proactive turn, within the send timeout. A failure inside the turn
   * would go to the adapter's turn-error handler (which tells the user something went wrong); it is
   * carried out instead, so the pacing and retry policy sees it and the recipient gets nothing but
   * the message.
   */
  private async sendOne(
    reference: Partial<ConversationReference>,
    message: Partial<Activity>,
  ): Promise<string | undefined> {
    const timeoutMs = this.limits.sendTimeoutMs;
    let failure: unknown;
    let id: string | undefined;
    let timer: NodeJS.Timeout | undefined;
    const turn = this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      withoutClientRetries(context.turnState.get(context.adapter.ConnectorClientKey), timeoutMs);
      try {
        id = (await context.sendActivity(message))?.id;
      } catch (error) {
        failure = error;
      }
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SendTimeout(timeoutMs)), timeoutMs);
    });
    try {
      await Promise.race([turn, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (failure !== undefined) throw failure;
    return id;
  }

  /** Stops retrying and waiting for a slot, so the process can exit. */
  close(): void {
    this.closing = true;
    this.closed.abort();
  }
}

/**
 * The reference that posts into the thread under a channel message: Teams addresses a reply by
 * the channel's conversation id with ";messageid=<the thread's first message>".
 */
function inThread(reference: Partial<ConversationReference>, messageId: string): Partial<ConversationReference> {
  const channelId = String(reference.conversation?.id ?? '').split(';messageid=')[0];
  return {
    ...reference,
    conversation: { ...reference.conversation!, id: `${channelId};messageid=${messageId}` },
  };
}
