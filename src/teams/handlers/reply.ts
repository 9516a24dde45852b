import { ActivityTypes, MessageFactory, type TurnContext } from 'botbuilder';
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

/**
 * Answers an Action.Execute with a card in the pressed card's place. `everyView`: in a 1:1 chat
 * the message itself is updated too, so the person's other devices, and the chat after a reload,
 * show it (Teams otherwise replaces the card only in the view that pressed it). In channels and
 * group chats a card stays per person. Returns the error if the message could not be updated; the
 * person still gets the card.
 */
export async function answerWithCard(
  context: TurnContext,
  card: AdaptiveCard,
  scope: 'interactor' | 'everyView',
): Promise<unknown> {
  let failure: unknown;
  const { conversation, replyToId } = context.activity;
  if (scope === 'everyView' && conversation?.conversationType === 'personal' && replyToId) {
    try {
      await context.updateActivity({ ...MessageFactory.attachment(cardAttachment(card)), id: replyToId });
    } catch (error) {
      failure = error;
    }
  }
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  });
  return failure;
}
