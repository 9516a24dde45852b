import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment, type AdaptiveCard } from '../cards/render';

/**
 * Sends a card or a text. A text that shows back what a person typed (an unknown /status
 * argument) goes as `plain`, so Teams does not render it as Markdown; the others stay Markdown.
 */
export async function reply(
  context: TurnContext,
  content: AdaptiveCard | string,
  format: 'markdown' | 'plain' = 'markdown',
): Promise<void> {
  if (typeof content !== 'string') {
    await context.sendActivity(MessageFactory.attachment(cardAttachment(content)));
    return;
  }
  const message = MessageFactory.text(content);
  if (format === 'plain') message.textFormat = 'plain';
  await context.sendActivity(message);
}
