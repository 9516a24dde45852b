import { MessageFactory, type ConversationReference } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { DeliveryOutcome, StoredConversation } from '../app/ports';
import type { PromptNotifier, StatusPrompt } from '../app/prompts';
import { cardAttachment, renderCard, type AdaptiveCard } from './cards/render';
import { promptView } from './cards/promptViews';

/** The HTTP status a Bot Connector call failed with, if it says. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Proactive messages through the adapter: the bot writes first, into a stored conversation. */
export class TeamsNotifier implements PromptNotifier {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botAppId: string,
  ) {}

  async sendCards(conversation: StoredConversation, cards: AdaptiveCard[]): Promise<DeliveryOutcome> {
    try {
      await this.adapter.continueConversationAsync(
        this.botAppId,
        conversation.reference as Partial<ConversationReference>,
        async (context) => {
          for (const card of cards) await context.sendActivity(MessageFactory.attachment(cardAttachment(card)));
        },
      );
      return { outcome: 'sent' };
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 403 || status === 404) return { outcome: 'unreachable', status };
      return { outcome: 'failed', message: (error as Error).message };
    }
  }

  sendPrompts(conversation: StoredConversation, prompts: StatusPrompt[]): Promise<DeliveryOutcome> {
    return this.sendCards(
      conversation,
      prompts.map((p) => renderCard('statusPrompt', promptView(p))),
    );
  }
}
