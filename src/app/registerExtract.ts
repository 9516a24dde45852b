import { createHash } from 'node:crypto';
import type { Person } from '../domain/answer';
import { stockholmDate } from '../domain/dates';
import { isAdministrator, type Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import { AppError } from './errors';
import { commandOpens } from './permissionTable';
import type { DeploymentStore, FollowUpStore, HeldRecord, RecordKeeping, StoredKind } from './ports';
import { STORED_KINDS } from './gallring';

/** One role the deployment gives the person. */
export interface HeldRole {
  role: 'ansvarig' | 'ersättare' | 'administratör' | 'läsare (ledningsgruppen)';
  /** The plan's owner role, for owners and deputies. */
  ownerRole?: string;
}

/** Everything held about one person in one plan: the JSON of a register extract (art. 15). */
export interface RegisterExtract {
  person: { userId: string; names: string[] };
  planId: string;
  madeAt: string;
  madeBy: Person;
  roles: HeldRole[];
  /** Records by kind (answers, assessments, revisions, sends, references, roster entries, audit lines). */
  records: Partial<Record<StoredKind, Array<Record<string, unknown>>>>;
  /** Audit lines that name the person in what changed, though made by someone else. */
  mentionedInAudit: Array<Record<string, unknown>>;
  /** Fixed versions of the report whose content names the person, and how. */
  fixedReports: Array<{ version: number; fixedAt: string; as: string[] }>;
}

/** The formats an extract comes in: Word for the person, JSON for the record. */
export const EXTRACT_FORMATS = ['docx', 'json'] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

/** Writes an extract as a file; the report/ layer provides it, the same for the command line and Teams. */
export type ExtractRenderer = Record<ExtractFormat, (extract: RegisterExtract) => Promise<Uint8Array>>;

/** One extract as one file, with what the file consent card and the audit log say of it. */
export interface ExtractFile {
  format: ExtractFormat;
  name: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface RegisterExtractDeps {
  records: RecordKeeping;
  followUp: Pick<FollowUpStore, 'versions' | 'versionContent'>;
  deployments: Pick<DeploymentStore, 'appendAudit'>;
}

/** The person's roles in a deployment. */
export function rolesOf(deployment: Deployment, userId: string): HeldRole[] {
  const roles: HeldRole[] = [];
  for (const o of deployment.owners) {
    if (o.owner.userId === userId) roles.push({ role: 'ansvarig', ownerRole: o.role });
    if (o.deputy?.userId === userId) roles.push({ role: 'ersättare', ownerRole: o.role });
  }
  if (deployment.administrators.some((a) => a.userId === userId)) roles.push({ role: 'administratör' });
  if (deployment.managementGroup.some((m) => m.userId === userId)) roles.push({ role: 'läsare (ledningsgruppen)' });
  return roles;
}

const mentions = (text: string, userId: string, names: string[]): boolean =>
  text.includes(userId) || names.some((n) => n.length > 0 && text.includes(n));

/**
 * A register extract: for administrators only, audited (who asked, about whom, when), and with
 * every kind of record the store holds about the person.
 */
export async function registerExtract(
  deps: RegisterExtractDeps,
  planId: string,
  deployment: Deployment,
  userId: string,
  actor: Person,
  now: Date,
): Promise<RegisterExtract> {
  if (!isAdministrator(deployment, actor.userId)) {
    throw new AppError('NOT_PERMITTED', 'Bara administratörer kan ta ut ett registerutdrag.');
  }
  const records: RegisterExtract['records'] = {};
  const all: Partial<Record<StoredKind, HeldRecord[]>> = {};
  for (const kind of STORED_KINDS) {
    all[kind] = await deps.records.held(planId, kind);
    const own = all[kind]!.filter((r) => r.userId === userId).map((r) => r.doc);
    if (own.length > 0) records[kind] = own;
  }
  const names = [
    ...new Set(
      [
        ...deployment.owners.flatMap((o) => [o.owner, ...(o.deputy ? [o.deputy] : [])]),
        ...deployment.administrators,
        ...deployment.managementGroup,
      ]
        .filter((m) => m.userId === userId)
        .map((m) => m.name)
        .concat((records.teammedlemmar ?? []).map((r) => String(r.name ?? '')).filter(Boolean)),
    ),
  ];
  const mentionedInAudit = (all.andringslogg ?? [])
    .filter((r) => r.userId !== userId && mentions(JSON.stringify(r.doc), userId, names))
    .map((r) => r.doc);
  const fixedReports: RegisterExtract['fixedReports'] = [];
  for (const v of await deps.followUp.versions(planId)) {
    const as: string[] = [];
    if (v.fixedBy.userId === userId) as.push('fastställde versionen');
    const content = await deps.followUp.versionContent(planId, v.version, v.fixedAt);
    if (content) {
      if (content.answers.some((a) => a.answeredBy.userId === userId)) as.push('lämnade svar');
      if (content.assessments.some((a) => a.assessedBy.userId === userId)) as.push('gjorde bedömningar');
      if (rolesOf(content.deployment, userId).length > 0) as.push('namngiven i driftinställningarna');
      if (content.changes.some((c) => mentions(JSON.stringify(c), userId, names))) as.push('i ändringsloggen');
    }
    if (as.length > 0) fixedReports.push({ version: v.version, fixedAt: v.fixedAt, as });
  }
  const madeAt = now.toISOString();
  await deps.deployments.appendAudit({
    planId,
    id: `registerutdrag:${madeAt}:${userId}`,
    at: madeAt,
    by: actor,
    what: 'Registerutdrag',
    before: '',
    after: `Registerutdrag om ${names[0] ?? userId} (${userId})`,
  });
  return {
    person: { userId, names },
    planId,
    madeAt,
    madeBy: actor,
    roles: rolesOf(deployment, userId),
    records,
    mentionedInAudit,
    fixedReports,
  };
}

/** "registerutdrag-karin-lind-2026-11-28.docx": the person's name without accents, or their id. */
function fileName(extract: RegisterExtract, format: ExtractFormat): string {
  const slug = (extract.person.names[0] ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `registerutdrag-${slug || extract.person.userId}-${stockholmDate(new Date(extract.madeAt))}.${format}`;
}

/** Register extracts for one plan, as the chat asks for them: by name, then by id. */
export class RegisterExtracts {
  constructor(
    private readonly plan: Plan,
    private readonly deps: RegisterExtractDeps,
    private readonly clock: { now(): Date },
    private readonly renderer: ExtractRenderer,
  ) {}

  private get planId(): string {
    return this.plan.id;
  }

  mayExtract(deployment: Deployment, userId: string): boolean {
    return commandOpens('/registerutdrag', { deployment, plan: this.plan, userId });
  }

  /** People whose name (in the deployment or the roster) contains the query, case and accents aside. */
  async find(deployment: Deployment, query: string): Promise<Array<{ userId: string; name: string }>> {
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('sv');
    const q = fold(query.trim());
    if (!q) return [];
    const people = new Map<string, string>();
    for (const m of [
      ...deployment.owners.flatMap((o) => [o.owner, ...(o.deputy ? [o.deputy] : [])]),
      ...deployment.administrators,
      ...deployment.managementGroup,
    ]) {
      people.set(m.userId, m.name);
    }
    for (const r of await this.deps.records.held(this.planId, 'teammedlemmar')) {
      if (r.userId && !people.has(r.userId)) people.set(r.userId, String(r.doc.name ?? r.userId));
    }
    return [...people]
      .filter(([userId, name]) => fold(name).includes(q) || userId === query.trim())
      .map(([userId, name]) => ({ userId, name }));
  }

  /** Refused by registerExtract itself to anyone but an administrator: an extract is itself personal data. */
  extract(deployment: Deployment, userId: string, actor: Person): Promise<RegisterExtract> {
    return registerExtract(this.deps, this.planId, deployment, userId, actor, this.clock.now());
  }

  /** An extract in one format, written as the command line writes it. */
  async file(extract: RegisterExtract, format: ExtractFormat): Promise<ExtractFile> {
    const bytes = await this.renderer[format](extract);
    return { format, name: fileName(extract, format), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /**
   * The extract made again when the administrator accepts its file (Teams keeps nothing between
   * the offer and the acceptance, and the bot keeps no copy: an extract is itself personal data),
   * refused to anyone else, audited as an extract.
   */
  async fileFor(deployment: Deployment, userId: string, actor: Person, format: ExtractFormat): Promise<ExtractFile> {
    return this.file(await this.extract(deployment, userId, actor), format);
  }

  /** The file reached the administrator's OneDrive: one audit line, with its hash. */
  async delivered(deployment: Deployment, actor: Person, userId: string, file: ExtractFile): Promise<void> {
    if (!this.mayExtract(deployment, actor.userId)) {
      throw new AppError('NOT_PERMITTED', 'Bara administratörer kan ta ut ett registerutdrag.');
    }
    const at = this.clock.now().toISOString();
    await this.deps.deployments.appendAudit({
      planId: this.planId,
      id: `registerutdrag-fil:${at}:${userId}:${file.format}`,
      at,
      by: actor,
      what: 'Registerutdrag levererat',
      before: '',
      after: `${file.name} (${file.bytes.length} byte, SHA-256 ${file.sha256}) till ${actor.name}s OneDrive`,
    });
  }
}
