import type { ConversationStore, StoredConversation } from './ports';

import { conversationKeys } from './sendOnce';

export const personalKey = conversationKeys.personal;

/**
 * Where the bot can reach people later. Install events repeat (every page load in the Playground,
 * reinstalls in Teams), so remembering is idempotent; an uninstall marks the conversation gone.
 */
export class ConversationBook {
  constructor(private readonly conversations: ConversationStore) {}

  remember(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'> {
    return this.conversations.saveConversation(conversation);
  }

  forget(key: string, at: Date): Promise<void> {
    return this.conversations.markGone(key, at.toISOString());
  }

  /** The user's 1:1 chat with the bot, unless the bot was never installed for them or was removed. */
  personal(userId: string): Promise<StoredConversation | undefined> {
    return this.byKey(personalKey(userId));
  }

  /** As stored, also when gone: to tell "removed" from "never there". */
  stored(key: string): Promise<StoredConversation | undefined> {
    return this.conversations.conversation(key);
  }

  async byKey(key: string): Promise<StoredConversation | undefined> {
    const c = await this.conversations.conversation(key);
    return c && !c.gone ? c : undefined;
  }
}
