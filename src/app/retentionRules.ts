import type { Person } from '../domain/answer';
import { DEFAULT_RETENTION, type RecordKind, type Retention, type RetentionRule } from '../domain/retention';
import type { FollowUpContext } from './context';
import { RULE_CHANGE, setRetention } from './deploymentChanges';
import type { ChangeResult, LiveDeployment } from './liveDeployment';
import { verbOpens } from './permissionTable';
import type { AuditEntry } from './ports';

export type RetentionChangeResult =
  | Exclude<ChangeResult, { outcome: 'stale' }>
  /** The card was shown before another change: nothing stored; what was changed since, and by whom. */
  | { outcome: 'stale'; meanwhile: AuditEntry[] }
  | { outcome: 'notAllowed' };

/**
 * The retention rules of the deployment, changed from Teams: administrators only, one kind at a
 * time, through the deployment's checks and etag and into the audit log, so gallring (the dry run,
 * the command line and the daily job) follows the new rule from its next run.
 */
export class RetentionRules {
  constructor(
    private readonly ctx: FollowUpContext,
    private readonly live: LiveDeployment,
  ) {}

  private knock(userId: string) {
    return { deployment: this.ctx.deployment, plan: this.ctx.plan, userId };
  }

  mayRead(userId: string): boolean {
    return verbOpens('showRetention', this.knock(userId));
  }

  mayChange(userId: string): boolean {
    return verbOpens('saveRetention', this.knock(userId));
  }

  /** The rules in force, as the store holds them. */
  get rules(): Retention {
    return this.live.value.retention;
  }

  /** The cautious reading the bot starts from: a proposal for the archive officer, not a decision. */
  get proposal(): Retention {
    return DEFAULT_RETENTION;
  }

  get etag(): string {
    return this.live.etag;
  }

  /** The latest changes of the rules, newest first. */
  async recentChanges(limit = 5): Promise<AuditEntry[]> {
    const log = await this.live.auditLog();
    return log
      .filter((e) => e.what.startsWith(RULE_CHANGE))
      .reverse()
      .slice(0, limit);
  }

  /** `etag` and `shownAt`: the version and the instant the card was shown at. */
  async change(
    actor: Person,
    kind: RecordKind,
    rule: RetentionRule,
    etag: string,
    shownAt: string,
  ): Promise<RetentionChangeResult> {
    if (!this.mayChange(actor.userId)) return { outcome: 'notAllowed' };
    const result = await this.live.change(actor, setRetention(kind, rule), etag);
    if (result.outcome !== 'stale') return result;
    const meanwhile = (await this.live.auditLog()).filter((e) => e.at >= shownAt && isChange(e));
    return { outcome: 'stale', meanwhile };
  }
}

/**
 * Changes to the deployment and plan revisions are stored under a random UUID; a gallring run or a
 * register extract, which change nothing an administrator set, under their own names.
 */
const isChange = (entry: AuditEntry): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(entry.id);
