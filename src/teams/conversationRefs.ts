import { TurnContext, type Activity } from 'botbuilder';
import type { StoredConversation } from '../app/ports';
import { personalKey } from '../app/conversations';

/** A reply in a channel thread carries ";messageid=…"; the channel itself is what we keep. */
const channelConversationId = (id: string): string => id.split(';')[0] ?? id;

/** Where this activity came from, as a conversation the bot can write to later. */
export function conversationOf(activity: Partial<Activity>, now: Date): StoredConversation | undefined {
  const conversation = activity.conversation;
  if (!conversation?.id || !activity.serviceUrl) return undefined;
  const reference = TurnContext.getConversationReference(activity) as unknown as Record<string, unknown>;
  const base = { reference, updatedAt: now.toISOString(), gone: false };
  switch (conversation.conversationType) {
    case 'personal': {
      const userId = activity.from?.aadObjectId;
      return userId ? { ...base, key: personalKey(userId), kind: 'personal', userId } : undefined;
    }
    case 'channel': {
      const id = channelConversationId(conversation.id);
      const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
      // Later posts go to the channel, never into the thread the command was typed in.
      const channelReference = { ...reference, conversation: { ...conversation, id }, activityId: undefined };
      return { ...base, reference: channelReference, key: `channel:${id}`, kind: 'channel', teamId };
    }
    case 'groupChat':
      return { ...base, key: `groupChat:${conversation.id}`, kind: 'groupChat' };
    default:
      return undefined;
  }
}
