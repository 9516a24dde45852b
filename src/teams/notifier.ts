import Bottleneck from 'bottleneck';
import { MessageFactory, type Attachment, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { DeliveryOutcome, StoredConversation } from '../app/ports';
import type { PromptNotifier, StatusPrompt } from '../app/prompts';
import type { SummaryNotifier } from '../app/weeklySummaries';
import type { WeeklySummary } from '../domain/summary';
import { cardAttachment, renderCard, type AdaptiveCard } from './cards/render';
import { promptView } from './cards/promptViews';
import { weeklySummaryView } from './cards/summaryView';

/** Teams' documented limits for a bot: 7 messages a second in one conversation, 50 requests a second per app per tenant. */
export interface DeliveryLimits {
  perConversationPerSecond: number;
  perAppPerSecond: number;
  /** Retries of one message after 429 or a server error, on top of the connector client's own. */
  maxRetries: number;
  /** Upper bound of the random extra wait added to each retry. */
  jitterMs: number;
  /**
   * The share of each limit the bot aims for. Below 1 leaves room for sends that bunch up after
   * an event-loop pause, which would otherwise cross the limit and draw 429s.
   */
  pacing: number;
}

export const TEAMS_LIMITS: DeliveryLimits = {
  perConversationPerSecond: 7,
  perAppPerSecond: 50,
  maxRetries: 4,
  jitterMs: 250,
  pacing: 0.9,
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

/**
 * Proactive messages through the adapter, paced by Bottleneck to Teams' limits (one limiter per
 * conversation, chained to one for the whole app). A 429 waits as long as Retry-After says, a
 * server error backs off exponentially, both with jitter and a bounded number of retries; 403 and
 * 404 (blocked, uninstalled, gone) are not retried but reported.
 */
export class TeamsNotifier implements PromptNotifier, SummaryNotifier {
  private readonly app: Bottleneck;
  private readonly conversations: Bottleneck.Group;

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
    private readonly limits: DeliveryLimits = TEAMS_LIMITS,
  ) {
    this.app = new Bottleneck({ minTime: Math.ceil(1000 / (limits.perAppPerSecond * limits.pacing)) });
    this.conversations = new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: Math.ceil(1000 / (limits.perConversationPerSecond * limits.pacing)),
    });
    this.conversations.on('created', (limiter) => {
      limiter.chain(this.app);
      limiter.on('failed', (error, job) => this.retryDelay(error, job.retryCount));
    });
  }

  private retryDelay(error: unknown, retryCount: number): number | undefined {
    const status = httpStatusOf(error);
    const retriable = status === undefined || status === 429 || status >= 500;
    if (!retriable || retryCount >= this.limits.maxRetries) return undefined;
    const jitter = Math.random() * this.limits.jitterMs;
    if (status === 429) return (retryAfterMs(error) ?? 1000) + jitter;
    return Math.min(30_000, 500 * 2 ** retryCount) + jitter;
  }

  sendCards(conversation: StoredConversation, cards: AdaptiveCard[]): Promise<DeliveryOutcome> {
    return this.sendAttachments(conversation, cards.map(cardAttachment));
  }

  /** Attachments of any kind (cards, file consent cards), one message each, paced like the cards. */
  async sendAttachments(conversation: StoredConversation, attachments: Attachment[]): Promise<DeliveryOutcome> {
    const reference = conversation.reference as Partial<ConversationReference>;
    const limiter = this.conversations.key(conversation.key);
    try {
      for (const attachment of attachments) await limiter.schedule(() => this.sendOne(reference, attachment));
      return { outcome: 'sent' };
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 403 || status === 404) return { outcome: 'unreachable', status };
      return { outcome: 'failed', message: (error as Error).message };
    }
  }

  /**
   * One message in its own proactive turn. A failure inside the turn would go to the adapter's
   * turn-error handler (which tells the user something went wrong); it is carried out instead, so
   * the pacing and retry policy sees it and the recipient gets nothing but the message.
   */
  private async sendOne(reference: Partial<ConversationReference>, attachment: Attachment): Promise<void> {
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
      try {
        await context.sendActivity(MessageFactory.attachment(attachment));
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
  }

  sendPrompts(conversation: StoredConversation, prompts: StatusPrompt[]): Promise<DeliveryOutcome> {
    return this.sendCards(
      conversation,
      prompts.map((p) => renderCard('statusPrompt', promptView(p))),
    );
  }

  sendSummary(conversation: StoredConversation, summary: WeeklySummary): Promise<DeliveryOutcome> {
    return this.sendCards(conversation, [
      renderCard('weeklySummary', weeklySummaryView(summary, 'Veckosammanfattning – åtgärdsplanen')),
    ]);
  }

  /** Stops pacing timers so the process can exit. */
  async close(): Promise<void> {
    await Promise.all([this.app.disconnect(), ...this.conversations.limiters().map((l) => l.limiter.disconnect())]);
  }
}
