import { MessageFactory, type TurnContext } from 'botbuilder';
import { cardAttachment, type AdaptiveCard } from '../cards/render';

export async function reply(context: TurnContext, content: AdaptiveCard | string): Promise<void> {
  await context.sendActivity(
    typeof content === 'string' ? MessageFactory.text(content) : MessageFactory.attachment(cardAttachment(content)),
  );
}
