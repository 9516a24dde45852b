import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment, type AdaptiveCard } from '../cards/render';

/**
 * Sends a card, or a text as plain text: Teams renders a bot's text as Markdown otherwise, and
 * the texts can carry what a person typed (an unknown /status argument).
 */
export async function reply(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
  if (typeof content !== 'string') {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(content)));
    return;
  }
  const message = MessageFactory.text(content);
  message.textFormat = 'plain';
  await context.sendActivity(message);
}
