import { MessageFactory, type Attachment } from 'botbuilder';
import type { DeliveryOutcome, SendOptions, StoredConversation } from '../app/ports';
import { TEXT } from './replies';
import type { DispatchReporter, RecipientResult } from '../app/dispatchPrompts';
import type { WeeklySummary } from '../domain/summary';
import { cardAttachment, renderCard, type AdaptiveCard } from './cards/render';
import { promptView } from './cards/promptViews';
import { memberIdOf } from './refreshUsers';
import { weeklySummaryCards } from './cards/summaryCards';
import type { TeamsTransport } from './delivery/transport';
import type { PromptNotifier, StatusPrompt, SummaryNotifier, UncoveredNotice } from '../app/ports';

export { TEAMS_LIMITS, type DeliveryLimits } from './delivery/transport';

/**
 * What the bot sends on its own: prompt cards, the weekly summary, notices and plain texts. Each
 * is rendered here and handed to the transport, which paces, queues, times out and retries.
 */
export class TeamsNotifier implements PromptNotifier, SummaryNotifier, DispatchReporter {
  constructor(
    private readonly transport: TeamsTransport,
    /** What every card sent through this notifier gets done to it (a plan's mark, where there are several). */
    private readonly prepare: (card: AdaptiveCard) => AdaptiveCard = (card) => card,
  ) {}

  /** A notifier for one plan's cards, over the same transport: Teams' limits are per app, not per plan. */
  forPlan(prepare: (card: AdaptiveCard) => AdaptiveCard): TeamsNotifier {
    return new TeamsNotifier(this.transport, prepare);
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
    return this.transport.send(
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
    return this.transport.send(
      conversation,
      texts.map((t) => MessageFactory.text(t)),
      options,
      false,
    );
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
      weeklySummaryCards(summary, TEXT.summaryTitle.weekly).slice(skip),
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

  /** What came of /utskick, in the chat of the administrator who confirmed it. */
  sendDispatchReport(
    conversation: StoredConversation,
    results: RecipientResult[],
    teams: string[],
    options: SendOptions,
  ): Promise<DeliveryOutcome> {
    return this.sendTexts(conversation, [TEXT.dispatchReport(results, teams)], options);
  }

  /** Stops retrying and waiting for a slot, so the process can exit. */
  async close(): Promise<void> {
    this.transport.close();
  }
}
