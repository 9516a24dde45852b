import { randomUUID } from 'node:crypto';
import { deputyFor, type Member } from '../domain/deployment';
import { stockholmDate } from '../domain/dates';
import type { UnreachableReason } from '../domain/reach';
import { deliveryState, deploymentPeople } from '../domain/reach';
import type { ConversationBook } from './conversations';
import { conversationKeys, sendKeys, type SendOnce } from './sendOnce';
import type { DeliveryOutcome, RosterStore, ScheduleStore, SendRecord } from './ports';
import type { NextPrompt } from './ports';
import type { FollowUpContext } from './context';
import type { ChatOpener, OpenResult, Welcome } from './ports';

/** How the bot reaches a person now, as the administrator's view shows it. */
export type ReachState =
  { via: 'chat' } | { via: 'team'; teams: string[] } | { via: 'install' } | { via: 'none'; reason: UnreachableReason };

export { reasonOfStatus } from './sendOnce';

/**
 * A reachable 1:1 address per person: the chat they opened, else one the bot starts from a team
 * roster, else (with Graph configured) one it gets by installing the app for them. The greeting
 * goes once per person, on the first 1:1 contact however it came about; it is a recorded send
 * (`welcome:<userId>`), so two processes or two paths never both send it.
 */
export class PersonalReach {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly book: ConversationBook,
    private readonly roster: RosterStore,
    private readonly opener: ChatOpener,
    private readonly schedule: ScheduleStore,
    private readonly nextSends: NextPrompt,
    private readonly sender: SendOnce,
  ) {}

  private get planId(): string {
    return this.ctx.plan.id;
  }

  /** The person's 1:1 chat, opened now if it has to be (and greeted then), or why there is none. */
  async chatWith(person: Member): Promise<OpenResult> {
    const existing = await this.book.stored(conversationKeys.personal(person.userId));
    // Removed by the person: their choice stands until they open the app again.
    if (existing?.gone) return { unreachable: 'uninstalled' };
    if (existing) return { conversation: existing };
    const opened = await this.open(person);
    if ('unreachable' in opened) return opened;
    const saved = await this.book.remember(opened.conversation);
    if (saved === 'created') {
      await this.greetOnce(person, () => this.opener.greet(opened.conversation, this.welcome(person)));
    }
    return opened;
  }

  private async open(person: Member): Promise<OpenResult> {
    const teams = new Map((await this.roster.teams(this.planId)).map((t) => [t.teamId, t]));
    const entries = (await this.roster.entriesOf(this.planId, person.userId))
      .filter((e) => e.present && teams.get(e.teamId)?.gone === false)
      .sort((a, b) => b.seenAt.localeCompare(a.seenAt));
    let last: OpenResult | undefined;
    for (const entry of entries) {
      const result = await this.opener.fromRoster(teams.get(entry.teamId)!, entry);
      if ('conversation' in result) return result;
      last = result;
    }
    if (this.opener.canInstall) return this.opener.byInstalling(person);
    return last ?? { unreachable: 'notInTeam' };
  }

  /** What the greeting says to this person. */
  welcome(person: { userId: string; name?: string }): Welcome {
    const deployment = this.ctx.deployment;
    const activities = this.ctx.plan.recommendations.flatMap((r) => r.activities);
    const today = stockholmDate(this.ctx.clock.now());
    const known = deploymentPeople(deployment).find((m) => m.userId === person.userId);
    return {
      name: known?.name ?? (person.name?.trim() || undefined),
      activityIds: deployment.owners
        .filter((o) => o.owner.userId === person.userId)
        .flatMap((o) => activities.filter((a) => a.ownerRole === o.role).map((a) => a.id)),
      deputyFor: deputyFor(deployment, person.userId).map((o) => ({
        owner: o.owner.name,
        activityIds: activities.filter((a) => a.ownerRole === o.role).map((a) => a.id),
        absences: deployment.absences
          .filter((a) => a.userId === o.owner.userId && a.to >= today)
          .map(({ from, to }) => ({ from, to })),
      })),
      nextPrompt: this.nextSends.prompt(),
      planName: this.ctx.plan.shortTitle ?? `”${this.ctx.plan.title}”`,
    };
  }

  /** Sends the greeting unless it already went (or is going) out to this person. */
  async greetOnce(person: Pick<Member, 'userId'>, send: () => Promise<DeliveryOutcome | void>): Promise<boolean> {
    // A holder of its own: a claim by the same holder counts as a retry and would be taken over.
    const result = await this.sender.send(
      sendKeys.welcome(person.userId),
      person.userId,
      { holder: `welcome-${randomUUID()}` },
      async () => (await send()) ?? { outcome: 'sent' },
    );
    return result.outcome === 'sent';
  }

  /** How each person of the deployment is reached now, without opening anything. */
  async overview(): Promise<Array<{ person: Member; state: ReachState }>> {
    const [teams, sends] = await Promise.all([this.roster.teams(this.planId), this.schedule.sends(this.planId, '')]);
    const live = new Map(teams.filter((t) => !t.gone).map((t) => [t.teamId, t]));
    const latest = new Map<string, SendRecord>();
    for (const s of sends) {
      if (!sendKeys.isPersonal(s.key) || !s.finishedAt) continue;
      const seen = latest.get(s.recipient);
      if (!seen || seen.finishedAt! < s.finishedAt) latest.set(s.recipient, s);
    }
    return Promise.all(
      deploymentPeople(this.ctx.deployment).map(async (person) => {
        const chat = await this.book.stored(conversationKeys.personal(person.userId));
        const last = latest.get(person.userId);
        if (chat?.gone) return { person, state: { via: 'none', reason: 'uninstalled' } as ReachState };
        if (
          last?.outcome === 'unreachable' &&
          last.reason &&
          last.reason !== 'notInTeam' &&
          last.reason !== 'noConsent'
        ) {
          const reason = deliveryState(last).state === 'unknown' ? 'uncertain' : (last.reason as UnreachableReason);
          return { person, state: { via: 'none', reason } as ReachState };
        }
        if (chat) return { person, state: { via: 'chat' } as ReachState };
        const inTeams = (await this.roster.entriesOf(this.planId, person.userId))
          .filter((e) => e.present && live.has(e.teamId))
          .map((e) => live.get(e.teamId)!.name ?? e.teamId);
        if (inTeams.length > 0) return { person, state: { via: 'team', teams: inTeams } as ReachState };
        if (this.opener.canInstall && last?.reason !== 'noConsent') {
          return { person, state: { via: 'install' } as ReachState };
        }
        const reason: UnreachableReason = last?.reason === 'noConsent' ? 'noConsent' : 'notInTeam';
        return { person, state: { via: 'none', reason } as ReachState };
      }),
    );
  }
}
