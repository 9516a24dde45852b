import type { Member } from '../domain/deployment';
import { ConversationBook } from './conversations';
import type { PromptNotifier, StatusPrompts } from './prompts';
import type { DeliveryOutcome } from './ports';
import type { FollowUpContext } from './statusQueries';

export interface RecipientResult {
  person: Member;
  activityIds: string[];
  outcome: DeliveryOutcome | { outcome: 'notInstalled' };
}

/** Sends every owner the prompts for their activities, in their 1:1 chat with the bot. */
export class DispatchPrompts {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly prompts: StatusPrompts,
    private readonly book: ConversationBook,
    private readonly notifier: PromptNotifier,
  ) {}

  async toAllOwners(): Promise<RecipientResult[]> {
    const results: RecipientResult[] = [];
    const owners = new Map<string, Member>();
    for (const o of this.ctx.deployment.owners) owners.set(o.owner.userId, o.owner);
    for (const person of owners.values()) {
      const roles = new Set(
        this.ctx.deployment.owners.filter((o) => o.owner.userId === person.userId).map((o) => o.role),
      );
      const activities = this.ctx.plan.recommendations
        .flatMap((r) => r.activities)
        .filter((a) => roles.has(a.ownerRole));
      const prompts = (await Promise.all(activities.map((a) => this.prompts.forActivity(a.id)))).filter(
        (p) => p !== undefined,
      );
      const conversation = await this.book.personal(person.userId);
      const outcome = conversation
        ? await this.notifier.sendPrompts(conversation, prompts)
        : ({ outcome: 'notInstalled' } as const);
      results.push({ person, activityIds: activities.map((a) => a.id), outcome });
    }
    return results;
  }
}
