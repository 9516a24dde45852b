import { setTimeout as sleep } from 'node:timers/promises';
import { MessageFactory, type Activity, type Attachment, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { DeliveryOutcome, SendOptions, StoredConversation } from '../app/ports';
import type { PromptNotifier, StatusPrompt, UncoveredNotice } from '../app/prompts';
import { TEXT } from './replies';
import type { SummaryNotifier } from '../app/weeklySummaries';
import type { WeeklySummary } from '../domain/summary';
import { cardAttachment, renderCard, type AdaptiveCard } from './cards/render';
import { promptView } from './cards/promptViews';
import { memberIdOf } from './refreshUsers';
import { weeklySummaryCards } from './cards/summaryView';
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

export const TEAMS_LIMITS: DeliveryLimits = {
  perConversation: TEAMS_PER_CONVERSATION,
  perApp: TEAMS_PER_APP,
  maxRetries: 4,
  jitterMs: 250,
  sendTimeoutMs: 10_000,
};

/** The HTTP status a Bot Connector call failed with, if it says. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After of a failed call in milliseconds (seconds or an HTTP date), if the service sent one. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers as
    { get?: (name: string) => string | undefined | null } | Record<string, string> | undefined;
  const raw =
    typeof (headers as { get?: unknown })?.get === 'function'
      ? (headers as { get: (n: string) => string | undefined | null }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Errors that mean the request never reached the service: safe to send again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * How one attempt failed, for the retry policy: refused for good (403/404 and other 4xx),
 * throttled or a server error (Teams answered: nothing was accepted), not sent at all, or of
 * unknown fate (a timeout, or the connection lost after the request went out: Teams may have
 * accepted it).
 */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: 'refused' | 'throttled' | 'server' | 'notSent' | 'uncertain',
    readonly status: number | undefined,
    override readonly cause: unknown,
    /** Whether the retry policy may try this message again. */
    readonly mayRetry: boolean,
  ) {
    super(`${kind}${status ? ` ${status}` : ''}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export function classify(error: unknown): AttemptFailure['kind'] {
  const status = httpStatusOf(error);
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'server';
  if (status !== undefined && status >= 400) return 'refused';
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && NOT_SENT.has(code)) return 'notSent';
  return 'uncertain';
}

class SendTimeout extends Error {
  constructor(ms: number) {
    super(`inget svar inom ${ms} ms`);
  }
}

/**
 * Proactive messages through the adapter, paced to Teams' sliding windows exactly (per
 * conversation and for the app), one message at a time per conversation. Every retry happens here and is counted here:
 * the Bot Connector client's own retry policy is taken out of its pipeline. A 429 waits as long as
 * Retry-After says, a server error backs off exponentially, both with jitter and a bounded number
 * of retries; 403 and 404 (blocked, uninstalled, gone) are not retried but reported. Each attempt
 * has a timeout; an attempt of unknown fate (timeout, connection lost after sending) is retried
 * only as far as the caller's budget allows, so a recipient gets at most one extra copy.
 */
export class TeamsNotifier implements PromptNotifier, SummaryNotifier {
  private readonly pacer: SlidingWindowPacer;
  /** The send in progress per conversation: the next one starts after it, so messages keep their order. */
  private readonly queues: Map<string, Promise<unknown>>;
  private readonly closed: AbortController;
  private closing = false;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly limits: DeliveryLimits = TEAMS_LIMITS,
    /** What every card sent through this notifier gets done to it (a plan's mark, where there are several). */
    private readonly prepare: (card: AdaptiveCard) => AdaptiveCard = (card) => card,
    /** The notifier whose pacing this one shares: Teams' limits are per app, not per plan. */
    private readonly shared?: TeamsNotifier,
  ) {
    this.pacer = shared?.pacer ?? new SlidingWindowPacer(limits.perConversation, limits.perApp);
    this.queues = shared?.queues ?? new Map();
    this.closed = shared?.closed ?? new AbortController();
  }

  /** A notifier for one plan's cards, paced together with this one. */
  forPlan(prepare: (card: AdaptiveCard) => AdaptiveCard): TeamsNotifier {
    return new TeamsNotifier(this.adapter, this.botAppId, this.limits, prepare, this);
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
  ): Promise<string | undefined> {
    for (let retryCount = 0; ; retryCount++) {
      try {
        const answered = await this.pacer.slot(key, this.closed.signal);
        try {
          return await this.attempt(reference, message, budget);
        } finally {
          answered();
        }
      } catch (error) {
        const wait = this.retryDelay(error, retryCount);
        if (wait === undefined) throw error;
        await sleep(wait, undefined, { signal: this.closed.signal }).catch(() => {
          throw error;
        });
      }
    }
  }

  private retryDelay(error: unknown, retryCount: number): number | undefined {
    if (this.closing || this.shared?.closing || !(error instanceof AttemptFailure) || !error.mayRetry) return undefined;
    if (retryCount >= this.limits.maxRetries) return undefined;
    const jitter = Math.random() * this.limits.jitterMs;
    if (error.kind === 'throttled') return (retryAfterMs(error.cause) ?? 1000) + jitter;
    return Math.min(30_000, 500 * 2 ** retryCount) + jitter;
  }

  sendCards(
    conversation: StoredConversation,
    cards: AdaptiveCard[],
    options: SendOptions = { uncertainRetries: 1 },
    thread = false,
  ): Promise<DeliveryOutcome> {
    return this.sendAttachments(
      conversation,
      cards.map((card) => cardAttachment(this.prepare(card))),
      options,
      thread,
    );
  }

  /** Attachments of any kind (cards, file consent cards), one message each, paced like the cards. */
  sendAttachments(
    conversation: StoredConversation,
    attachments: Attachment[],
    options: SendOptions = { uncertainRetries: 1 },
    /** In a channel, every message after the first is posted as a reply to it. */
    thread = false,
  ): Promise<DeliveryOutcome> {
    return this.sendMessages(
      conversation,
      attachments.map((a) => MessageFactory.attachment(a)),
      options,
      thread,
    );
  }

  /** A plain text message, paced and retried like the cards. */
  sendText(
    conversation: StoredConversation,
    text: string,
    options: SendOptions = { uncertainRetries: 1 },
  ): Promise<DeliveryOutcome> {
    return this.sendTexts(conversation, [text], options);
  }

  /** Plain text messages (greetings, notices), paced and retried like the cards. */
  sendTexts(
    conversation: StoredConversation,
    texts: string[],
    options: SendOptions = { uncertainRetries: 1 },
  ): Promise<DeliveryOutcome> {
    return this.sendMessages(
      conversation,
      texts.map((t) => MessageFactory.text(t)),
      options,
      false,
    );
  }

  private async sendMessages(
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
          const id = await this.deliver(conversation.key, reference, message, budget);
          if (delivered === 0 && thread && conversation.kind === 'channel' && id) reference = inThread(reference, id);
          delivered += 1;
        }
      });
      return { outcome: 'sent' };
    } catch (error) {
      const failure = error instanceof AttemptFailure ? error : undefined;
      const status = failure?.status;
      if (status === 403 || status === 404) return { outcome: 'unreachable', status, delivered };
      return { outcome: 'failed', message: (error as Error).message, delivered, uncertain: budget.uncertain };
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

  sendPrompts(
    conversation: StoredConversation,
    prompts: StatusPrompt[],
    options?: SendOptions,
  ): Promise<DeliveryOutcome> {
    return this.sendCards(
      conversation,
      // Refreshed by Teams for the person the chat is with: reopened later, it shows the current state.
      prompts.map((p) => {
        const member = memberIdOf(conversation);
        return renderCard('statusPrompt', promptView(p, { refreshUserIds: member ? [member] : [] }));
      }),
      options,
    );
  }

  sendSummary(
    conversation: StoredConversation,
    summary: WeeklySummary,
    options?: SendOptions,
    skip = 0,
  ): Promise<DeliveryOutcome> {
    // A retry sends only what an earlier attempt did not deliver. The thread's first message is not
    // kept in the send record, so the rest of a split summary then goes as posts of their own in the
    // channel rather than as replies: never a card twice.
    return this.sendCards(
      conversation,
      weeklySummaryCards(summary, 'Veckosammanfattning – åtgärdsplanen').slice(skip),
      options,
      skip === 0,
    );
  }

  sendUncovered(
    conversation: StoredConversation,
    notice: UncoveredNotice,
    options?: SendOptions,
  ): Promise<DeliveryOutcome> {
    return this.sendTexts(conversation, [TEXT.uncovered(notice)], options);
  }

  /** Stops retrying and waiting for a slot, so the process can exit. */
  async close(): Promise<void> {
    if (this.shared) return this.shared.close();
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

interface PipelineClient {
  client?: {
    pipeline?: {
      removePolicy(options: { phase: 'Retry' }): unknown;
      addPolicy(policy: {
        name: string;
        sendRequest: (request: { timeout: number }, next: (r: unknown) => unknown) => unknown;
      }): void;
      getOrderedPolicies(): Array<{ name: string }>;
    };
  };
}

const TIMEOUT_POLICY = 'atgardsplan-send-timeout';

/**
 * The Bot Connector client (core-rest-pipeline) retries on its own, up to three times, also after
 * a connection lost once the request went out: those retries stacked on ours multiplied copies.
 * Its retry phase is taken out and every request gets the send timeout, so retries are counted
 * in one place.
 */
function withoutClientRetries(connectorClient: unknown, timeoutMs: number): void {
  const pipeline = (connectorClient as PipelineClient | undefined)?.client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((p) => p.name === TIMEOUT_POLICY)) return;
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: TIMEOUT_POLICY,
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
}
