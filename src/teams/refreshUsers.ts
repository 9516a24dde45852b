import type { TurnContext } from 'botbuilder';
import type { ConversationBook } from '../app/conversations';
import type { StoredConversation } from '../app/ports';
import { ownerOf, type Deployment } from '../domain/deployment';
import type { Activity } from '../domain/plan';

/** The Teams user id (29:…) a stored conversation reference was made with, if it names one. */
export function memberIdOf(conversation: StoredConversation | undefined): string | undefined {
  const id = (conversation?.reference.user as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Who Teams refreshes a prompt card for by itself (Universal Actions' `refresh.userIds`): the
 * activity's owner and deputy, by the Teams user id the bot knows them by, from their 1:1 chat
 * with the bot or from this turn. Someone the bot has never talked to is not listed; in a chat of
 * fewer than 60 people Teams refreshes for everyone anyway.
 */
export async function refreshUsersFor(
  book: ConversationBook,
  deployment: Deployment,
  activity: Activity,
  context?: TurnContext,
): Promise<string[]> {
  const assignment = ownerOf(deployment, activity.ownerRole);
  const people = [assignment?.owner, assignment?.deputy].filter((p) => p !== undefined);
  const ids = new Set<string>();
  for (const person of people) {
    const from = context?.activity.from;
    if (from?.aadObjectId === person.userId && from.id) ids.add(from.id);
    const known = memberIdOf(await book.personal(person.userId));
    if (known) ids.add(known);
  }
  return [...ids];
}
