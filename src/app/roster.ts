import { deploymentPeople } from '../domain/reach';
import type { Logger, RosterStore, TeamRecord } from './ports';
import type { FollowUpContext } from './context';
import type { RosterReader } from './ports';

export interface RosterReadResult {
  teamId: string;
  members: number;
  /** People of the deployment found in the team. */
  found: number;
}

/**
 * Keeps, for every person the deployment names, the teams the bot is in where they are a member:
 * from there the bot can start a 1:1 chat with them without their having written first. Read when
 * the bot is added to a team, when members come or go, on /koppla, and daily.
 */
export class TeamRosters {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly store: RosterStore,
    private readonly reader: RosterReader,
    private readonly logger: Logger,
  ) {}

  private get planId(): string {
    return this.ctx.plan.id;
  }

  /** The bot was added to a team (or is used in one): remember it and read who is in it. */
  async teamSeen(team: Omit<TeamRecord, 'planId' | 'installedAt' | 'gone'>): Promise<RosterReadResult> {
    const existing = await this.store.team(this.planId, team.teamId);
    const record: TeamRecord = {
      ...existing,
      ...team,
      name: team.name ?? existing?.name,
      planId: this.planId,
      installedAt: existing && !existing.gone ? existing.installedAt : this.ctx.clock.now().toISOString(),
      gone: false,
    };
    await this.store.saveTeam(record);
    return this.read(record);
  }

  /** The bot was removed from a team: nobody is reachable through it any more. */
  async teamRemoved(teamId: string): Promise<void> {
    const existing = await this.store.team(this.planId, teamId);
    if (!existing) return;
    await this.store.saveTeam({ ...existing, gone: true });
    await this.markAbsent(teamId, new Set());
  }

  /** Members came or went: read the team again (a team the bot never saw is read as it is now). */
  async membersChanged(team: Omit<TeamRecord, 'planId' | 'installedAt' | 'gone'>): Promise<RosterReadResult> {
    return this.teamSeen(team);
  }

  /** Every team the bot is in, read again: the daily pass. A team that fails is logged and skipped. */
  async readAll(): Promise<RosterReadResult[]> {
    const results: RosterReadResult[] = [];
    for (const team of await this.store.teams(this.planId)) {
      if (team.gone) continue;
      try {
        results.push(await this.read(team));
      } catch (error) {
        this.logger.warn({ err: error, teamId: team.teamId }, 'roster read failed');
      }
    }
    return results;
  }

  /** Teams the bot is in now. */
  async teams(): Promise<TeamRecord[]> {
    return (await this.store.teams(this.planId)).filter((t) => !t.gone);
  }

  private async read(team: TeamRecord): Promise<RosterReadResult> {
    const members = await this.reader.members(team);
    const byUser = new Map(members.filter((m) => m.userId).map((m) => [m.userId!.toLowerCase(), m]));
    const now = this.ctx.clock.now().toISOString();
    const found = new Set<string>();
    for (const person of deploymentPeople(this.ctx.deployment)) {
      const member = byUser.get(person.userId.toLowerCase());
      if (!member) continue;
      found.add(person.userId);
      await this.store.saveEntry({
        planId: this.planId,
        userId: person.userId,
        teamId: team.teamId,
        memberId: member.memberId,
        name: member.name ?? person.name,
        seenAt: now,
        present: true,
      });
    }
    await this.markAbsent(team.teamId, found);
    await this.store.saveTeam({ ...team, rosterReadAt: now });
    this.logger.info({ teamId: team.teamId, members: members.length, found: found.size }, 'roster read');
    return { teamId: team.teamId, members: members.length, found: found.size };
  }

  /** People once found in the team but not now: their entry stays, marked absent. */
  private async markAbsent(teamId: string, found: Set<string>): Promise<void> {
    for (const person of deploymentPeople(this.ctx.deployment)) {
      if (found.has(person.userId)) continue;
      const entry = (await this.store.entriesOf(this.planId, person.userId)).find((e) => e.teamId === teamId);
      if (entry?.present) await this.store.saveEntry({ ...entry, present: false });
    }
  }
}
