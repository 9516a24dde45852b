import type { Person } from '../domain/answer';
import { describeRule, dueAt, isOnlyTimeBased, KIND_TITLES, type RetentionRule } from '../domain/retention';
import { peopleOf, type Deployment } from '../domain/deployment';
import type { AuditEntry, DeploymentStore, FollowUpStore, HeldRecord, RecordKeeping, StoredKind } from './ports';

/** The kinds gallring goes through, in the order the dry run lists them. */
export const STORED_KINDS: StoredKind[] = [
  'svar',
  'utskick',
  'konversationer',
  'teammedlemmar',
  'andringslogg',
  'versioner',
];

/** Who runs the daily gallring, as its audit entry names it. */
export const SCHEDULED_GALLRING: Person = { userId: 'schemat', name: 'Daglig gallring (schemat)' };

/** What one rule disposes of in a run: the records, their count, and the oldest and newest of them. */
export interface GallringItem {
  kind: StoredKind;
  rule: RetentionRule;
  ids: string[];
  oldest?: string;
  newest?: string;
  /** Records a fixed version without its own content still depends on: kept whatever the rule says. */
  protectedCount: number;
}

export interface GallringResult {
  planId: string;
  at: string;
  dryRun: boolean;
  items: GallringItem[];
  /** Records removed per kind (a real run): what was there to remove. */
  removed: Partial<Record<StoredKind, number>>;
  /** Records handed to the backend's own expiry (Cosmos DB ttl), per kind. */
  expiring: Partial<Record<StoredKind, number>>;
}

export interface GallringDeps {
  records: RecordKeeping;
  followUp: Pick<FollowUpStore, 'versions' | 'versionContent'>;
  deployments: Pick<DeploymentStore, 'appendAudit'>;
}

/** Kinds a fixed version made from the live record reads: its sources. */
const SOURCES: StoredKind[] = ['svar', 'andringslogg'];

/**
 * Gallring of one plan as its deployment's rules say, at `now`. A dry run only lists; a real run
 * removes exactly what it listed and writes one audit entry. Never touches a record a fixed
 * version depends on: versions fixed with their content depend on nothing else, and for any fixed
 * before, every source record up to its instant is kept.
 */
export async function gallring(
  deps: GallringDeps,
  planId: string,
  deployment: Deployment,
  now: Date,
  /** `quietWhenNothing`: a scheduled run that finds nothing to do writes no audit entry. */
  options: { dryRun: boolean; by: Person; quietWhenNothing?: boolean },
): Promise<GallringResult> {
  const at = now.toISOString();
  const versions = await deps.followUp.versions(planId);
  let dependedOnUntil = '';
  for (const v of versions) {
    if (!(await deps.followUp.versionContent(planId, v.version, v.fixedAt)) && v.fixedAt > dependedOnUntil) {
      dependedOnUntil = v.fixedAt;
    }
  }
  const roster = await deps.records.held(planId, 'teammedlemmar');
  const inDeployment = peopleOf(deployment);
  const present = new Set(roster.filter((r) => r.present).map((r) => r.userId));
  const gone = (userId: string | undefined): boolean =>
    userId !== undefined && !inDeployment.has(userId) && !present.has(userId);

  // The plan's archiving is a revision (/arkivera): rules counted from it start then.
  const archivedAt = (await deps.records.held(planId, 'svar'))
    .filter((r) => (r.doc.change as { kind?: unknown } | undefined)?.kind === 'archived')
    .map((r) => r.at)
    .sort()[0];

  const items: GallringItem[] = [];
  const expiringIds: Array<{ kind: StoredKind; id: string; ttlSeconds: number }> = [];
  for (const kind of STORED_KINDS) {
    const rule = deployment.retention[kind];
    if (rule.action === 'bevaras') {
      items.push({ kind, rule, ids: [], protectedCount: 0 });
      continue;
    }
    const held = kind === 'teammedlemmar' ? roster : await deps.records.held(planId, kind);
    const eventAt = eventInstants(rule, held, archivedAt, gone);
    const due: HeldRecord[] = [];
    let protectedCount = 0;
    for (const record of held) {
      const event = eventAt(record);
      const when = event === undefined ? undefined : dueAt(rule, event);
      if (!when) continue;
      if (when.getTime() > now.getTime()) {
        if (isOnlyTimeBased(rule)) {
          expiringIds.push({ kind, id: record.id, ttlSeconds: (when.getTime() - now.getTime()) / 1000 });
        }
        continue;
      }
      if (SOURCES.includes(kind) && record.at <= dependedOnUntil) {
        protectedCount++;
        continue;
      }
      due.push(record);
    }
    items.push({
      kind,
      rule,
      ids: due.map((r) => r.id),
      oldest: due[0]?.at,
      newest: due.at(-1)?.at,
      protectedCount,
    });
  }

  const result: GallringResult = { planId, at, dryRun: options.dryRun, items, removed: {}, expiring: {} };
  if (options.dryRun) return result;
  for (const item of items) {
    if (item.ids.length > 0) result.removed[item.kind] = await deps.records.remove(planId, item.kind, item.ids);
  }
  if (deps.records.expire) {
    for (const { kind, id, ttlSeconds } of expiringIds) {
      await deps.records.expire(planId, kind, id, ttlSeconds);
      result.expiring[kind] = (result.expiring[kind] ?? 0) + 1;
    }
  }
  // Handing records to the backend's expiry is repeated daily and removes nothing yet: not worth an entry alone.
  const didSomething = Object.keys(result.removed).length > 0;
  if (didSomething || !options.quietWhenNothing) await deps.deployments.appendAudit(gallringAudit(result, options.by));
  return result;
}

/** When each record's event happened under a rule, or undefined while it has not. */
function eventInstants(
  rule: Extract<RetentionRule, { action: 'gallras' }>,
  held: HeldRecord[],
  archivedAt: string | undefined,
  gone: (userId: string | undefined) => boolean,
): (record: HeldRecord) => string | undefined {
  if (rule.from === 'besvarad') return (r) => r.at;
  if (rule.from === 'planen arkiverad') return () => archivedAt;
  // Counted from the last trace of a person who is no longer in the deployment or the roster.
  const lastSeen = new Map<string, string>();
  for (const r of held) {
    if (r.userId && r.at > (lastSeen.get(r.userId) ?? '')) lastSeen.set(r.userId, r.at);
  }
  return (r) => (gone(r.userId) ? lastSeen.get(r.userId!) : undefined);
}

/** One audit line per run: per rule, the count and the oldest and newest removed. */
export function gallringAudit(result: GallringResult, by: Person): AuditEntry {
  return {
    planId: result.planId,
    id: `gallring:${result.at}`,
    at: result.at,
    by,
    what: 'Gallring',
    before: '',
    after: gallringLines(result).join('\n'),
  };
}

/** The run in Swedish, one line per kind: what the dry run prints and the audit entry holds. */
export function gallringLines(result: GallringResult): string[] {
  return result.items.map((item) => {
    const head = `${KIND_TITLES[item.kind]} (${describeRule(item.rule)}):`;
    if (item.rule.action === 'bevaras') return `${head} bevaras.`;
    const count = result.dryRun ? item.ids.length : (result.removed[item.kind] ?? 0);
    const verb = result.dryRun ? 'skulle gallras' : 'gallrade';
    const span = item.oldest ? `, äldsta ${item.oldest}, nyaste ${item.newest}` : '';
    const kept = item.protectedCount > 0 ? `; ${item.protectedCount} sparas för en fastställd version` : '';
    const expiring = result.expiring[item.kind] ? `; ${result.expiring[item.kind]} gallras av databasen (ttl)` : '';
    return `${head} ${count} ${verb}${span}${kept}${expiring}.`;
  });
}
