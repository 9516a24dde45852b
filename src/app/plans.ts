import { activitiesOf, isManagement, type Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import type { ChannelLink } from './ports';

/** One plan of a deployment and whatever has been wired for it. */
export interface PlanEntry {
  plan: Plan;
  deployment: Deployment;
}

/**
 * The plans one deployment follows up, each with its own owners, schedule and channel. Handlers
 * and the scheduler ask for "the deployment of plan P"; this finds P by its id (also the name
 * typed in commands: /status ha-familjehem rek2), by the channel linked to it, or by a person's
 * part in it.
 */
export class PlanRegistry<E extends PlanEntry> {
  constructor(
    readonly entries: readonly E[],
    private readonly links: { channelLink(planId: string): Promise<ChannelLink | undefined> },
  ) {
    if (entries.length === 0) throw new Error('minst en plan behövs');
  }

  get several(): boolean {
    return this.entries.length > 1;
  }

  get ids(): string[] {
    return this.entries.map((e) => e.plan.id);
  }

  /** The plan a word names: its id, in any case. */
  byName(name: string): E | undefined {
    const wanted = name.trim().toLowerCase();
    return this.entries.find((e) => e.plan.id === wanted);
  }

  /** Plans a person owns activities in, stands in for, administers or reads as the management group. */
  forPerson(userId: string): E[] {
    return this.entries.filter(
      (e) => activitiesOf(e.deployment, e.plan, userId).length > 0 || isManagement(e.deployment, userId),
    );
  }

  /** The plan a channel is linked to with /koppla, if any (linking another plan there ends the first link). */
  async forChannel(conversationKey: string): Promise<E | undefined> {
    for (const e of this.entries) {
      if ((await this.links.channelLink(e.plan.id))?.conversationKey === conversationKey) return e;
    }
    return undefined;
  }
}
