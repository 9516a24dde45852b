import { randomUUID } from 'node:crypto';
import type { Person } from '../domain/answer';
import { deploymentProblems, deploymentSchema, type Deployment } from '../domain/deployment';
import type { Plan } from '../domain/plan';
import type { PlanRevision } from '../domain/revisions';
import { AppError } from './errors';
import type { AuditEntry, Clock, DeploymentStore, Versioned } from './ports';
import { checkCronPattern } from './scheduling/calendar';

/**
 * Everything wrong with a deployment for a plan, one "path: message" a line: the schema, the roles
 * (every one filled once, by someone other than their deputy) and the cron patterns. The file and
 * every change made in Teams go through the same checks.
 */
export function deploymentIssues(deployment: unknown, plan: Plan): string[] {
  const parsed = deploymentSchema.safeParse(deployment);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(roten)'}: ${issue.message}`);
  }
  const problems = deploymentProblems(parsed.data, plan);
  for (const [path, pattern] of [
    ['schedule.prompts.cron', parsed.data.schedule.prompts.cron],
    ['schedule.summary.cron', parsed.data.schedule.summary.cron],
  ] as const) {
    const problem = checkCronPattern(pattern);
    if (problem) problems.push([path, `"${pattern}" är inget giltigt cron-mönster (${problem})`]);
  }
  return problems.map(([path, message]) => `${path}: ${message}`);
}

/** One change to the deployment: what it is called in the audit log, and how it is made. */
export interface DeploymentChange {
  /** e.g. "Ansvarig för Enhetschef, barnenheten". */
  what: string;
  /** The new deployment from the latest one; may throw an AppError('INVALID_INPUT') with a Swedish message. */
  apply(current: Deployment): Deployment;
  /** The part of a deployment the change concerns, as the audit log shows it before and after. */
  show(deployment: Deployment): string;
}

export type ChangeResult =
  | { outcome: 'saved'; deployment: Deployment; entry: AuditEntry }
  | { outcome: 'unchanged' }
  /** The change would break a rule: nothing is stored. */
  | { outcome: 'refused'; problems: string[] }
  /** Someone changed the deployment since the card was shown: nothing is stored. */
  | { outcome: 'stale' };

/** Who made a change the bot made itself from the deployment file. */
const FROM_FILE: Person = { userId: 'driftfilen', name: 'Driftfilen' };

/** Attempts at a change against concurrent writers before it gives up. */
const MAX_ATTEMPTS = 5;

/**
 * The deployment of one plan as the store holds it: seeded from the deployment file on first
 * start, then the truth. Read by every use case (`value`), refreshed at the start of every turn
 * and scheduler pass, and changed only through `change`: checked, etag-guarded, audited.
 */
export class LiveDeployment {
  private constructor(
    private readonly store: DeploymentStore,
    private readonly plan: Plan,
    private readonly clock: Clock,
    private current: Versioned<Deployment>,
    private currentRevisions: PlanRevision[] = [],
  ) {}

  /** The plan revisions as last read from the store, oldest first. */
  get revisions(): readonly PlanRevision[] {
    return this.currentRevisions;
  }

  /**
   * Stores a plan revision (append-only) and its audit entry, then reads the revisions again so
   * the revised plan is seen at once.
   */
  async revise(revision: PlanRevision, what: string, before: string, after: string): Promise<AuditEntry> {
    await this.store.appendRevision(revision);
    const entry: AuditEntry = {
      planId: this.plan.id,
      id: revision.id,
      at: revision.at,
      by: revision.by,
      what,
      before,
      after,
    };
    await this.store.appendAudit(entry);
    this.currentRevisions = await this.store.revisions(this.plan.id);
    return entry;
  }

  /**
   * Opens the plan's deployment, storing `seed` (the file's) when the store has none yet. When the
   * plan file has changed since (a role added or removed), the stored deployment takes the file's
   * assignment for each new role and drops roles the plan no longer has, logged as a change by
   * the deployment file; if it still breaks a rule the bot does not start.
   */
  static async open(store: DeploymentStore, plan: Plan, seed: Deployment, clock: Clock): Promise<LiveDeployment> {
    let found = await store.deployment(plan.id);
    if (!found) {
      await store.saveDeployment(plan.id, seed, undefined); // a 'conflict' means another instance seeded it
      found = await store.deployment(plan.id);
    }
    if (!found) throw new AppError('STORE_CONFLICT', `Driftinställningarna för ${plan.id} kunde inte läsas.`);
    found = await completeAudit(store, plan.id, found);
    const live = new LiveDeployment(store, plan, clock, found, await store.revisions(plan.id));
    if (deploymentIssues(found.value, plan).length > 0) {
      const roles = new Set(plan.ownerRoles.map((r) => r.id));
      const result = await live.change(FROM_FILE, {
        what: 'Roller efter ändrad planfil',
        show: (d) => d.owners.map((o) => `${o.role}: ${o.owner.name}`).join(', '),
        apply: (d) => ({
          ...d,
          owners: [
            ...d.owners.filter((o) => roles.has(o.role)),
            ...seed.owners.filter((o) => !d.owners.some((x) => x.role === o.role)),
          ],
        }),
      });
      if (result.outcome === 'refused') {
        throw new AppError(
          'DEPLOYMENT_INVALID',
          `Driftinställningarna i lagringen passar inte planen ${plan.id}:\n${result.problems.join('\n')}`,
        );
      }
    }
    return live;
  }

  get value(): Deployment {
    return this.current.value;
  }

  /** The version the value was read at: cards carry it, so a change from a stale card is refused. */
  get etag(): string {
    return this.current.etag;
  }

  /** When the store was last read (monotonic ms); changes made here are seen at once anyway. */
  private readAt = performance.now();

  /**
   * Reads the store again (another instance may have changed it), unless it was read less than
   * `maxAgeMs` ago: turns pass a second, so a burst of requests costs one read, not one each.
   */
  async refresh(maxAgeMs = 0): Promise<Deployment> {
    if (maxAgeMs > 0 && performance.now() - this.readAt < maxAgeMs) return this.current.value;
    const [found, revisions] = await Promise.all([
      this.store.deployment(this.plan.id),
      this.store.revisions(this.plan.id),
    ]);
    this.readAt = performance.now();
    if (found) this.current = found;
    this.currentRevisions = revisions;
    return this.current.value;
  }

  /**
   * Applies a change to the latest deployment and stores it under its etag, with an audit entry.
   * With `expectedEtag` (a card's), a deployment changed since is refused as stale; without, a
   * concurrent write makes it read again and re-apply the change.
   */
  async change(by: Person, change: DeploymentChange, expectedEtag?: string): Promise<ChangeResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const read = await this.store.deployment(this.plan.id);
      if (!read) throw new AppError('STORE_CONFLICT', `Driftinställningarna för ${this.plan.id} saknas.`);
      const latest = await completeAudit(this.store, this.plan.id, read);
      this.current = latest;
      this.readAt = performance.now();
      if (expectedEtag !== undefined && latest.etag !== expectedEtag) return { outcome: 'stale' };
      let next: Deployment;
      try {
        next = change.apply(structuredClone(latest.value));
      } catch (error) {
        if (error instanceof AppError && error.code === 'INVALID_INPUT') {
          return { outcome: 'refused', problems: [error.message] };
        }
        throw error;
      }
      const problems = deploymentIssues(next, this.plan);
      if (problems.length > 0) return { outcome: 'refused', problems };
      const before = change.show(latest.value);
      const after = change.show(next);
      if (JSON.stringify(next) === JSON.stringify(latest.value)) return { outcome: 'unchanged' };
      const entry: AuditEntry = {
        planId: this.plan.id,
        id: randomUUID(),
        at: this.clock.now().toISOString(),
        by,
        what: change.what,
        before,
        after,
      };
      // The entry goes in with the change: killed before the audit log has it, the next reader adds it.
      if ((await this.store.saveDeployment(this.plan.id, next, latest.etag, entry)) !== 'saved') {
        if (expectedEtag !== undefined) return { outcome: 'stale' };
        continue;
      }
      const saved = await this.store.deployment(this.plan.id);
      if (saved?.change?.id === entry.id) await completeAudit(this.store, this.plan.id, saved);
      await this.refresh();
      return { outcome: 'saved', deployment: this.current.value, entry };
    }
    throw new AppError('STORE_CONFLICT', 'Inställningarna ändrades av någon annan samtidigt. Försök igen.');
  }

  /** The audit log, with the latest change's entry even if the process that made it died before writing it. */
  async auditLog(): Promise<AuditEntry[]> {
    const latest = await this.store.deployment(this.plan.id);
    if (latest?.change) await completeAudit(this.store, this.plan.id, latest);
    return this.store.auditLog(this.plan.id);
  }
}

type StoredDeployment = Versioned<Deployment> & { change?: AuditEntry };

/**
 * Writes the audit entry a deployment carries of the change that made it (once: its id is the
 * key), then takes it out of the deployment, so that a line gallring removes later is never written
 * back. Returns the deployment as it is stored now.
 */
async function completeAudit(
  store: DeploymentStore,
  planId: string,
  stored: StoredDeployment,
): Promise<StoredDeployment> {
  if (!stored.change) return stored;
  await store.appendAudit(stored.change);
  // A conflict: someone changed it since, and their document carries its own entry.
  await store.saveDeployment(planId, stored.value, stored.etag);
  return (await store.deployment(planId)) ?? stored;
}
