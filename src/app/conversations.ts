import type { ConversationStore, StoredConversation } from './ports';

import { conversationKeys } from './sendOnce';

export const personalKey = conversationKeys.personal;

/** How long a conversation checked against the store counts as checked (see `ConversationBook.seen`). */
export const REMEMBERED_FOR_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Where the bot can reach people later. Install events repeat (every page load in the Playground,
 * reinstalls in Teams), so remembering is idempotent; an uninstall marks the conversation gone.
 */
export class ConversationBook {
  /**
   * What this process last saw stored for a key (its reference, not gone), and when (by the turn's
   * clock). Every turn remembers its conversation; within `REMEMBERED_FOR_MS` of the last check the
   * same reference again is answered "unchanged" without reading the store. An uninstall here
   * forgets the entry at once; one handled by another instance is seen at the latest that much later.
   */
  private readonly seen = new Map<string, { reference: string; at: number }>();

  constructor(private readonly conversations: ConversationStore) {}

  /**
   * `checkStore`: read the store whatever this process saw, as an installation does (another
   * instance may have marked the conversation gone within the minute).
   */
  async remember(
    conversation: StoredConversation,
    options: { checkStore?: boolean } = {},
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const reference = JSON.stringify(conversation.reference);
    const at = Date.parse(conversation.updatedAt);
    const last = options.checkStore ? undefined : this.seen.get(conversation.key);
    if (!conversation.gone && last?.reference === reference && at >= last.at && at - last.at < REMEMBERED_FOR_MS) {
      return 'unchanged';
    }
    const saved = await this.conversations.saveConversation(conversation);
    if (conversation.gone) this.seen.delete(conversation.key);
    else {
      if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
      this.seen.set(conversation.key, { reference, at });
    }
    return saved;
  }

  forget(key: string, at: Date): Promise<void> {
    this.seen.delete(key);
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
