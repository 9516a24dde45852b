import { z } from 'zod';
import type { ActivityState } from '../domain/answer';
import type { Assessment } from '../domain/assessment';
import { deploymentSchema, type Deployment } from '../domain/deployment';
import type { PlanRevision } from '../domain/revisions';
import type {
  AuditEntry,
  ChannelLink,
  DeploymentStore,
  FixedVersion,
  FollowUpStore,
  JobCursor,
  ReminderMove,
  SaveResult,
  ScheduleStore,
  SendOutcome,
  SendProgress,
  SendRecord,
  SummarySnapshot,
  Versioned,
  VersionContent,
} from '../app/ports';
import { AppError } from '../app/errors';
import { assessmentDoc, clean, fixedVersionDoc, parse, readActivityState, readAnswer } from './documents';

/**
 * The few primitives each backend offers for a plan's records (the current status per activity
 * and the schedule's bookkeeping): read with a version tag, create only if absent, replace only if
 * unchanged, list by id prefix. Everything built on them is written once, here, for every backend.
 */
export interface VersionedRecords {
  get(planId: string, id: string): Promise<{ doc: unknown; etag: string } | undefined>;
  /** False when a record with that id exists. */
  create(planId: string, id: string, doc: object): Promise<boolean>;
  /** False when the record changed since `etag` was read. */
  replace(planId: string, id: string, doc: object, etag: string): Promise<boolean>;
  upsert(planId: string, id: string, doc: object): Promise<void>;
  list(planId: string, idPrefix: string): Promise<unknown[]>;
}

const lease = z.object({ holder: z.string(), expiresAt: z.string() });

const cursorDoc = z.object({
  planId: z.string(),
  job: z.enum(['prompts', 'summary']),
  lastDueAt: z.string(),
  current: z
    .object({ id: z.string(), startedAt: z.string(), complete: z.boolean(), remindersDone: z.number().int() })
    .optional(),
}) satisfies z.ZodType<JobCursor, z.ZodTypeDef, unknown>;

const reminderMoveDoc = z.object({
  planId: z.string(),
  cycleId: z.string(),
  activityId: z.string(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  movedBy: z.object({ userId: z.string(), name: z.string() }),
  movedAt: z.string(),
}) satisfies z.ZodType<ReminderMove, z.ZodTypeDef, unknown>;

const sendDoc = z.object({
  planId: z.string(),
  key: z.string(),
  recipient: z.string(),
  holder: z.string(),
  claimedAt: z.string(),
  outcome: z.enum(['sent', 'unreachable', 'failed']).optional(),
  status: z.number().optional(),
  reason: z.string().optional(),
  finishedAt: z.string().optional(),
  attempts: z.number().int().optional(),
  delivered: z.number().int().optional(),
  uncertain: z.number().int().optional(),
}) satisfies z.ZodType<SendRecord, z.ZodTypeDef, unknown>;

const channelDoc = z.object({
  planId: z.string(),
  conversationKey: z.string(),
  teamId: z.string().optional(),
  linkedBy: z.string(),
  linkedAt: z.string(),
}) satisfies z.ZodType<ChannelLink, z.ZodTypeDef, unknown>;

/** A plan's link ended because another plan was linked to its channel: a channel follows one plan. */
const unlinkedDoc = z.object({ planId: z.string(), unlinkedAt: z.string(), unlinkedBy: z.string() }).strict();

const snapshotDoc = z.object({
  planId: z.string(),
  at: z.string(),
  statuses: z.record(z.string(), z.string()),
}) satisfies z.ZodType<SummarySnapshot, z.ZodTypeDef, unknown>;

/** Writes a record if nobody changed it since `etag` was read; with no etag, only if there is none yet. */
async function saveVersioned(
  records: VersionedRecords,
  planId: string,
  id: string,
  doc: object,
  etag: string | undefined,
): Promise<SaveResult> {
  const ok = etag === undefined ? await records.create(planId, id, doc) : await records.replace(planId, id, doc, etag);
  return ok ? 'saved' : 'conflict';
}

/** The current status of each activity: one record per activity, replaced only under its etag. */
export class ActivityStateRecords {
  constructor(private readonly records: VersionedRecords) {}

  async activityState(planId: string, activityId: string): Promise<Versioned<ActivityState> | undefined> {
    const found = await this.records.get(planId, `activity:${activityId}`);
    return found ? { value: readActivityState(found.doc), etag: found.etag } : undefined;
  }

  async activityStates(planId: string): Promise<ActivityState[]> {
    return (await this.records.list(planId, 'activity:')).map(readActivityState);
  }

  async saveActivityState(state: ActivityState, expectedEtag: string | undefined): Promise<SaveResult> {
    return saveVersioned(this.records, state.planId, `activity:${state.activityId}`, clean(state), expectedEtag);
  }
}

/** The schedule's bookkeeping, on whichever backend provides the primitives. */
export class ScheduleRecords implements ScheduleStore {
  constructor(private readonly records: VersionedRecords) {}

  async tryAcquireLease(planId: string, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const id = `lease:${name}`;
    const doc = { holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
    const existing = await this.records.get(planId, id);
    if (!existing) return this.records.create(planId, id, doc);
    const current = parse(lease, existing.doc, 'lås');
    if (current.holder !== holder && current.expiresAt > now.toISOString()) return false;
    return this.records.replace(planId, id, doc, existing.etag);
  }

  async releaseLease(planId: string, name: string, holder: string): Promise<void> {
    const id = `lease:${name}`;
    const existing = await this.records.get(planId, id);
    if (existing && parse(lease, existing.doc, 'lås').holder === holder) {
      await this.records.replace(planId, id, { holder: '', expiresAt: new Date(0).toISOString() }, existing.etag);
    }
  }

  async jobCursor(planId: string, job: JobCursor['job']): Promise<Versioned<JobCursor> | undefined> {
    const existing = await this.records.get(planId, `cursor:${job}`);
    return existing ? { value: parse(cursorDoc, existing.doc, 'schemaläge'), etag: existing.etag } : undefined;
  }

  async saveJobCursor(cursor: JobCursor, expectedEtag: string | undefined): Promise<SaveResult> {
    return saveVersioned(this.records, cursor.planId, `cursor:${cursor.job}`, clean(cursor), expectedEtag);
  }

  async claimSend(record: SendRecord, now: Date, staleAfterMs: number): Promise<'claimed' | 'done' | 'busy'> {
    const id = `send:${record.key}`;
    if (await this.records.create(record.planId, id, clean({ ...record, attempts: 1 }))) return 'claimed';
    const existing = await this.records.get(record.planId, id);
    if (!existing) return 'busy';
    const current = parse(sendDoc, existing.doc, 'utskick');
    if (current.outcome === 'sent' || current.outcome === 'unreachable') return 'done';
    const stale = now.getTime() - Date.parse(current.claimedAt) >= staleAfterMs;
    if (current.outcome !== 'failed' && !stale && current.holder !== record.holder) return 'busy';
    // A failed send, or one whose sender vanished mid-send, is taken over: only one taker wins the
    // etag. A vanished sender may have reached the recipient: that attempt counts as uncertain.
    const taken = clean({
      ...record,
      attempts: (current.attempts ?? 1) + 1,
      delivered: current.delivered,
      uncertain: (current.uncertain ?? 0) + (current.outcome === undefined ? 1 : 0),
    });
    return (await this.records.replace(record.planId, id, taken, existing.etag)) ? 'claimed' : 'busy';
  }

  async finishSend(
    planId: string,
    key: string,
    outcome: SendOutcome,
    at: Date,
    status?: number,
    progress: SendProgress = {},
  ): Promise<void> {
    const id = `send:${key}`;
    const existing = await this.records.get(planId, id);
    if (!existing) throw new AppError('STORE_CONFLICT', `Utskicket ${key} saknas i loggen.`);
    const current = parse(sendDoc, existing.doc, 'utskick');
    const delivered = (current.delivered ?? 0) + (progress.delivered ?? 0);
    const uncertain = (current.uncertain ?? 0) + (progress.uncertain ?? 0);
    await this.records.upsert(
      planId,
      id,
      clean({
        ...current,
        outcome,
        status,
        reason: progress.reason,
        finishedAt: at.toISOString(),
        delivered: delivered || undefined,
        uncertain: uncertain || undefined,
      }),
    );
  }

  async send(planId: string, key: string): Promise<SendRecord | undefined> {
    const existing = await this.records.get(planId, `send:${key}`);
    return existing ? parse(sendDoc, existing.doc, 'utskick') : undefined;
  }

  async sends(planId: string, prefix: string): Promise<SendRecord[]> {
    return (await this.records.list(planId, `send:${prefix}`)).map((d) => parse(sendDoc, d, 'utskick'));
  }

  async saveReminderMove(move: ReminderMove): Promise<void> {
    await this.records.upsert(move.planId, `reminderMove:${move.cycleId}:${move.activityId}`, clean(move));
  }

  async reminderMoves(planId: string, cycleId: string): Promise<ReminderMove[]> {
    return (await this.records.list(planId, `reminderMove:${cycleId}:`)).map((d) =>
      parse(reminderMoveDoc, d, 'flyttad påminnelse'),
    );
  }

  async channelLink(planId: string): Promise<ChannelLink | undefined> {
    const existing = await this.records.get(planId, 'channel');
    if (!existing || unlinkedDoc.safeParse(existing.doc).success) return undefined;
    return parse(channelDoc, existing.doc, 'kanal');
  }

  async linkChannel(link: ChannelLink): Promise<void> {
    await this.records.upsert(link.planId, 'channel', clean(link));
  }

  async unlinkChannel(planId: string, at: string, by: string): Promise<void> {
    await this.records.upsert(planId, 'channel', { planId, unlinkedAt: at, unlinkedBy: by });
  }

  async summarySnapshot(planId: string): Promise<SummarySnapshot | undefined> {
    const existing = await this.records.get(planId, 'snapshot');
    return existing ? parse(snapshotDoc, existing.doc, 'sammanfattning') : undefined;
  }

  async saveSummarySnapshot(snapshot: SummarySnapshot): Promise<void> {
    await this.records.upsert(snapshot.planId, 'snapshot', clean(snapshot));
  }
}

/**
 * Assessments and fixed versions: created once and never replaced (create-if-absent), so the
 * record is append-only on every backend.
 */
export class FollowUpRecords implements FollowUpStore {
  constructor(private readonly records: VersionedRecords) {}

  async appendAssessment(assessment: Assessment): Promise<'stored' | 'duplicate'> {
    // The id holds no time, so a retry (same form, same values, later) is refused by the create itself.
    const id = `assessment:${assessment.recommendationId}:${assessment.id}`;
    // "id" is the backend's own field (Cosmos DB): the assessment's id is kept as assessmentId.
    const { id: assessmentId, ...rest } = clean(assessment);
    return (await this.records.create(assessment.planId, id, { ...rest, assessmentId })) ? 'stored' : 'duplicate';
  }

  async assessments(planId: string): Promise<Assessment[]> {
    return (await this.records.list(planId, 'assessment:'))
      .map((d) => {
        const { assessmentId, ...rest } = d as Record<string, unknown>;
        return parse(assessmentDoc, { ...rest, id: assessmentId }, 'bedömning');
      })
      .sort((a, b) =>
        a.assessedAt === b.assessedAt ? a.id.localeCompare(b.id) : a.assessedAt < b.assessedAt ? -1 : 1,
      );
  }

  async fixVersion(version: FixedVersion): Promise<'stored' | 'conflict'> {
    const id = `version:${String(version.version).padStart(6, '0')}`;
    return (await this.records.create(version.planId, id, clean(version))) ? 'stored' : 'conflict';
  }

  async versions(planId: string): Promise<FixedVersion[]> {
    return (await this.records.list(planId, 'version:'))
      .map((d) => parse(fixedVersionDoc, d, 'fastställd version'))
      .sort((a, b) => a.version - b.version);
  }

  async saveVersionContent(content: VersionContent): Promise<void> {
    // Keyed by number and instant: a racer that loses the number leaves its own content, not the winner's.
    await this.records.create(content.planId, versionContentId(content.version, content.fixedAt), clean(content));
  }

  async versionContent(planId: string, version: number, fixedAt: string): Promise<VersionContent | undefined> {
    const found = await this.records.get(planId, versionContentId(version, fixedAt));
    if (!found) return undefined;
    const doc = parse(versionContentDoc, found.doc, 'versionsinnehåll');
    return {
      planId: doc.planId,
      version: doc.version,
      fixedAt: doc.fixedAt,
      deployment: parse(deploymentSchema, doc.deployment, 'versionsinnehåll') as Deployment,
      answers: doc.answers.map(readAnswer),
      assessments: doc.assessments.map((a) => parse(assessmentDoc, a, 'bedömning')),
      changes: doc.changes.map((c) => parse(auditDoc.omit({ auditId: true }).extend({ id: z.string() }), c, 'ändring')),
      revisions: doc.revisions.map((r) =>
        parse(revisionDoc.omit({ revisionId: true }).extend({ id: z.string() }), r, 'planrevision'),
      ),
    };
  }
}

const versionContentId = (version: number, fixedAt: string): string =>
  `versionContent:${String(version).padStart(6, '0')}:${fixedAt}`;

/** The content a fixed version was made from, stored whole: its parts were checked when first stored. */
const versionContentDoc = z.object({
  planId: z.string(),
  version: z.number().int().positive(),
  fixedAt: z.string(),
  deployment: z.unknown(),
  answers: z.array(z.record(z.unknown())),
  assessments: z.array(z.record(z.unknown())),
  changes: z.array(z.record(z.unknown())),
  revisions: z.array(z.record(z.unknown())),
});

const auditDoc = z.object({
  planId: z.string(),
  auditId: z.string(),
  at: z.string(),
  by: z.object({ userId: z.string(), name: z.string() }),
  what: z.string(),
  before: z.string(),
  after: z.string(),
}) satisfies z.ZodType<Omit<AuditEntry, 'id'> & { auditId: string }, z.ZodTypeDef, unknown>;

const planDate = z.object({
  text: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  reading: z.literal('verktyget').optional(),
});

const revisionDoc = z.object({
  planId: z.string(),
  revisionId: z.string(),
  at: z.string(),
  by: z.object({ userId: z.string(), name: z.string() }),
  reason: z.string(),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('moved'), milestoneId: z.string(), to: planDate }),
    z.object({
      kind: z.literal('added'),
      activityId: z.string(),
      milestone: z.object({ id: z.string(), title: z.string(), due: planDate }),
    }),
    z.object({ kind: z.literal('removed'), milestoneId: z.string() }),
    z.object({ kind: z.literal('closed'), itemId: z.string() }),
    z.object({
      kind: z.literal('checkIns'),
      activityId: z.string(),
      rhythm: z.enum(['kvartal', 'tertial', 'datum']),
      dates: z.array(z.string()),
    }),
    z.object({ kind: z.literal('archived') }),
  ]),
}) satisfies z.ZodType<Omit<PlanRevision, 'id'> & { revisionId: string }, z.ZodTypeDef, unknown>;

/**
 * The deployment of a plan (one record, replaced only under its etag) and its audit log (one record
 * per change, created once and never replaced).
 */
export class DeploymentRecords implements DeploymentStore {
  constructor(private readonly records: VersionedRecords) {}

  async deployment(planId: string): Promise<Versioned<Deployment> | undefined> {
    const found = await this.records.get(planId, 'deployment');
    if (!found) return undefined;
    const { deployment } = found.doc as { deployment?: unknown };
    const result = deploymentSchema.safeParse(deployment);
    if (!result.success) {
      throw new AppError(
        'STORE_CORRUPT',
        `Ett lagrat dokument (driftinställningar) har fel form: ${result.error.issues[0]?.message}`,
      );
    }
    const { $comment: _comment, ...value } = result.data;
    return { value, etag: found.etag };
  }

  async saveDeployment(planId: string, deployment: Deployment, expectedEtag: string | undefined): Promise<SaveResult> {
    // Kept under its own field: the backend's own fields (id, planId) never mix with the deployment's.
    return saveVersioned(this.records, planId, 'deployment', { planId, deployment: clean(deployment) }, expectedEtag);
  }

  async appendAudit(entry: AuditEntry): Promise<'stored' | 'duplicate'> {
    const { id, ...rest } = entry;
    const created = await this.records.create(entry.planId, `audit:${entry.at}:${id}`, { ...rest, auditId: id });
    return created ? 'stored' : 'duplicate';
  }

  async auditLog(planId: string): Promise<AuditEntry[]> {
    return (await this.records.list(planId, 'audit:'))
      .map((d) => {
        const { auditId, ...rest } = parse(auditDoc, d, 'ändringslogg');
        return { ...rest, id: auditId };
      })
      .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  }

  async appendRevision(revision: PlanRevision): Promise<'stored' | 'duplicate'> {
    const { id, ...rest } = revision;
    // The id holds no time: a retried revision is refused by the create itself.
    const created = await this.records.create(revision.planId, `revision:${id}`, clean({ ...rest, revisionId: id }));
    return created ? 'stored' : 'duplicate';
  }

  async revisions(planId: string): Promise<PlanRevision[]> {
    return (await this.records.list(planId, 'revision:'))
      .map((d) => {
        const { revisionId, ...rest } = parse(revisionDoc, d, 'planrevision');
        return clean({ ...rest, id: revisionId }) as PlanRevision;
      })
      .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? -1 : 1));
  }
}
