import { z } from 'zod';
import type { RosterEntry, RosterStore, TeamRecord } from '../app/ports';
import { clean, parse } from './documents';
import type { VersionedRecords } from './planRecords';

const teamDoc = z.object({
  planId: z.string(),
  teamId: z.string(),
  name: z.string().optional(),
  reference: z.record(z.string(), z.unknown()),
  installedAt: z.string(),
  rosterReadAt: z.string().optional(),
  gone: z.boolean(),
}) satisfies z.ZodType<TeamRecord, z.ZodTypeDef, unknown>;

const entryDoc = z.object({
  planId: z.string(),
  userId: z.string(),
  teamId: z.string(),
  memberId: z.string(),
  name: z.string(),
  seenAt: z.string(),
  present: z.boolean(),
}) satisfies z.ZodType<RosterEntry, z.ZodTypeDef, unknown>;

/**
 * The roster as plan records: one record per team (`team:<teamId>`) and one per person and team
 * (`member:<userId>:<teamId>`), so re-reading one team never rewrites what another team found, and
 * a person's entries are one prefix listing.
 */
export class RosterRecords implements RosterStore {
  constructor(private readonly records: VersionedRecords) {}

  async saveTeam(team: TeamRecord): Promise<void> {
    await this.records.upsert(team.planId, `team:${team.teamId}`, clean(team));
  }

  async team(planId: string, teamId: string): Promise<TeamRecord | undefined> {
    const found = await this.records.get(planId, `team:${teamId}`);
    return found ? parse(teamDoc, found.doc, 'team') : undefined;
  }

  async teams(planId: string): Promise<TeamRecord[]> {
    return (await this.records.list(planId, 'team:')).map((d) => parse(teamDoc, d, 'team'));
  }

  async saveEntry(entry: RosterEntry): Promise<void> {
    await this.records.upsert(entry.planId, `member:${entry.userId}:${entry.teamId}`, clean(entry));
  }

  async entriesOf(planId: string, userId: string): Promise<RosterEntry[]> {
    return (await this.records.list(planId, `member:${userId}:`)).map((d) => parse(entryDoc, d, 'teammedlem'));
  }
}
