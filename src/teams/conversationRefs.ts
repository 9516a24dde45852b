import { TurnContext, type Activity } from 'botbuilder';
import type { StoredConversation } from '../app/ports';
import { conversationKeys } from '../app/sendOnce';

/** A reply in a channel thread carries ";messageid=…"; the channel itself is what we keep. */
const channelConversationId = (id: string): string => id.split(';')[0] ?? id;

/** Where this activity came from, as a conversation the bot can write to later. */
export function conversationOf(activity: Partial<Activity>, now: Date): StoredConversation | undefined {
  const conversation = activity.conversation;
  if (!conversation?.id || !activity.serviceUrl) return undefined;
  // The activity id changes with every message: kept, it would make every turn a write. Proactive
  // messages go to the conversation, not as a reply to one activity, so it is not needed.
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity) as unknown as Record<
    string,
    unknown
  >;
  const base = { reference, updatedAt: now.toISOString(), gone: false };
  switch (conversation.conversationType) {
    case 'personal': {
      const userId = activity.from?.aadObjectId;
      return userId ? { ...base, key: conversationKeys.personal(userId), kind: 'personal', userId } : undefined;
    }
    case 'channel': {
      const id = channelConversationId(conversation.id);
      const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
      // Later posts go to the channel, never into the thread the command was typed in.
      const channelReference = { ...reference, conversation: { ...conversation, id } };
      return { ...base, reference: channelReference, key: conversationKeys.channel(id), kind: 'channel', teamId };
    }
    case 'groupChat':
      return { ...base, key: conversationKeys.groupChat(conversation.id), kind: 'groupChat' };
    default:
      return undefined;
  }
}
