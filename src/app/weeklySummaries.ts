import { deploymentPeople } from '../domain/reach';
import { stockholmDate } from '../domain/dates';
import { snapshotOf, weeklySummary, type WeeklySummary } from '../domain/summary';
import type { ConversationBook } from './conversations';
import { deliveryState, isUnreachableReason, type Unreachable } from '../domain/reach';
import { reasonOfStatus, sendKeys } from './sendOnce';
import type { ChannelLink, ScheduleStore, SendRecord, StoredConversation } from './ports';
import type { FollowUpContext } from './context';
import { deploymentFreshness } from './statusQueries';
import { AppError } from './errors';
import { commandOpens } from './permissionTable';

/** Builds the weekly summary from the store, and keeps the channel it goes to. */
export class WeeklySummaries {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly schedule: ScheduleStore,
    private readonly book: ConversationBook,
    /** The deployment's other plans: a channel follows one plan, so linking it here unlinks it there. */
    private readonly otherPlanIds: readonly string[] = [],
  ) {}

  async build(): Promise<WeeklySummary> {
    const planId = this.ctx.plan.id;
    const [states, cursor, previous] = await Promise.all([
      this.ctx.states.activityStates(planId),
      this.schedule.jobCursor(planId, 'prompts'),
      this.schedule.summarySnapshot(planId),
    ]);
    const cycle = cursor?.value.current;
    // Scheduled prompts of this cycle and /utskick since it started (all of them before the first
    // cycle); per person the latest send counts, so someone reached since is no longer listed.
    const [scheduled, manual] = await Promise.all([
      cycle
        ? this.schedule.sends(planId, sendKeys.batchPrefix({ kind: 'prompt', cycleId: cycle.id }))
        : Promise.resolve([]),
      this.schedule.sends(planId, sendKeys.manualPrefix),
    ]);
    const latest = new Map<string, SendRecord>();
    for (const s of [
      ...scheduled,
      ...manual.filter((m) => !sendKeys.isReport(m.key) && (!cycle || m.claimedAt >= cycle.startedAt)),
    ].sort((a, b) => a.claimedAt.localeCompare(b.claimedAt))) {
      latest.set(s.recipient, s);
    }
    // In the deployment's order of people, whatever the order of the send keys (one per owner role).
    const people = deploymentPeople(this.ctx.deployment).map((m) => m.userId);
    const rank = (userId: string) => (people.includes(userId) ? people.indexOf(userId) : people.length);
    const sends = [...latest.values()].sort((a, b) => rank(a.recipient) - rank(b.recipient));
    // Only what is final counts as unreachable; a send still being tried (claimed, or failed and
    // due for another attempt) is shown as in progress.
    const unreachable = new Map<string, Unreachable>();
    for (const s of sends.filter((x) => x.outcome === 'unreachable')) {
      // Records from before reasons were kept: no status meant no chat to send to.
      const given = isUnreachableReason(s.reason) ? s.reason : s.status ? reasonOfStatus(s.status) : 'notInTeam';
      // One whose fate is unknown may have arrived: "kan ha nått fram", not "kunde inte nås".
      const reason = deliveryState(s).state === 'unknown' ? 'uncertain' : given;
      unreachable.set(s.recipient, { name: this.nameOf(s.recipient), reason });
    }
    const pending = sends
      .filter((s) => s.outcome === undefined || s.outcome === 'failed')
      .map((s) => this.nameOf(s.recipient));
    return weeklySummary({
      plan: this.ctx.plan,
      states,
      today: stockholmDate(this.ctx.clock.now()),
      owners: this.ctx.deployment.owners.map((o) => ({ name: o.owner.name, role: o.role })),
      cycleStartedAt: cycle?.startedAt,
      previous,
      unreachable: [...unreachable.values()],
      pending: [...new Set(pending)],
      promptsSent: sends.length > 0,
      freshness: deploymentFreshness(this.ctx.deployment),
    });
  }

  /** Records what a posted weekly summary showed, so the next one can say what changed. */
  async remember(summary: WeeklySummary): Promise<void> {
    await this.schedule.saveSummarySnapshot({
      planId: this.ctx.plan.id,
      at: this.ctx.clock.now().toISOString(),
      statuses: snapshotOf(summary),
    });
  }

  /** Links the channel the summaries go to; refuses anyone /koppla's door does not let in. */
  async linkChannel(conversation: StoredConversation, by: string): Promise<ChannelLink> {
    if (!commandOpens('/koppla', { deployment: this.ctx.deployment, plan: this.ctx.plan, userId: by })) {
      throw new AppError('NOT_PERMITTED', 'koppling nekad');
    }
    const link: ChannelLink = {
      planId: this.ctx.plan.id,
      conversationKey: conversation.key,
      teamId: conversation.teamId,
      linkedBy: by,
      linkedAt: this.ctx.clock.now().toISOString(),
    };
    await this.schedule.linkChannel(link);
    for (const other of this.otherPlanIds) {
      if ((await this.schedule.channelLink(other))?.conversationKey === conversation.key) {
        await this.schedule.unlinkChannel(other, link.linkedAt, by);
      }
    }
    return link;
  }

  /** The linked channel's conversation, unless none is linked or the bot was removed from it. */
  async linkedChannel(): Promise<StoredConversation | undefined> {
    const link = await this.schedule.channelLink(this.ctx.plan.id);
    return link ? this.book.byKey(link.conversationKey) : undefined;
  }

  private nameOf(userId: string): string {
    const all = this.ctx.deployment.owners.flatMap((o) => [o.owner, ...(o.deputy ? [o.deputy] : [])]);
    return all.find((m) => m.userId === userId)?.name ?? userId;
  }
}
