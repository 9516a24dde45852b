import { z } from 'zod';
import type { ActivityState } from '../domain/answer';
import type { Assessment } from '../domain/assessment';
import { deploymentSchema, type Deployment } from '../domain/deployment';
import type { PaperEdition } from '../domain/paper';
import type { PlanRevision } from '../domain/revisions';
import type {
  AuditEntry,
  ChannelLink,
  DeploymentStore,
  FixedVersion,
  FollowUpStore,
  Fence,
  RecentAnswer,
  StoredState,
  JobCursor,
  Lease,
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
import {
  assessmentDoc,
  clean,
  fixedVersionDoc,
  paperDetailsDoc,
  paperEditionDoc,
  parse,
  readActivityState,
  readAnswer,
} from './documents';

/**
 * The few primitives each backend offers for a plan's records (the current status per activity
 * and the schedule's bookkeeping): read with a version tag, create only if absent, replace only if
 * unchanged, list by id prefix. Everything built on them is written once, here, for every backend.
 */
export interface VersionedRecords {
  get(planId: string, id: string): Promise<{ doc: unknown; etag: string } | undefined>;
  /** False when a record with that id exists, or `fence` no longer holds. */
  create(planId: string, id: string, doc: object, fence?: RecordFence): Promise<boolean>;
  /** False when the record changed since `etag` was read, or `fence` no longer holds. */
  replace(planId: string, id: string, doc: object, etag: string, fence?: RecordFence): Promise<boolean>;
  upsert(planId: string, id: string, doc: object): Promise<void>;
  list(planId: string, idPrefix: string): Promise<unknown[]>;
  /** The backend's own clock, read from the backend. */
  storeTime(planId: string): Promise<Date>;
}

/**
 * A write's condition on another record of the plan: the lease record `id` still carries `epoch`.
 * SQLite checks it in the same statement as the write; Cosmos DB (whose local peer has no atomic
 * batch) reads the lease just before the write and relies on the epoch inside the item as well.
 */
export interface RecordFence {
  id: string;
  epoch: number;
}

const lease = z.object({
  holder: z.string(),
  expiresAt: z.string(),
  epoch: z.number().int().optional(),
  beat: z.number().int().optional(),
});

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
  refused: z.number().int().optional(),
  notBefore: z.string().optional(),
  epoch: z.number().int().optional(),
  claimId: z.string().optional(),
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

const fencedError = (fence: Fence, found: number): AppError =>
  new AppError(
    'LEASE_FENCED',
    `Låset ${fence.lease} har epok ${found}; den här instansen skriver med epok ${fence.epoch}.`,
  );

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

/** The ids of an activity's latest answers, kept on its current status (no content: gallring removes answers alone). */
const recentDoc = z.array(z.object({ id: z.string(), answeredAt: z.string() }));

/** The current status of each activity: one record per activity, replaced only under its etag. */
export class ActivityStateRecords {
  constructor(private readonly records: VersionedRecords) {}

  async activityState(planId: string, activityId: string): Promise<StoredState | undefined> {
    const found = await this.records.get(planId, `activity:${activityId}`);
    if (!found) return undefined;
    const recent = (found.doc as { recent?: unknown }).recent;
    return {
      value: readActivityState(found.doc),
      etag: found.etag,
      // A status written before the latest answers were kept on it has none: the caller reads the history.
      ...(recent === undefined ? {} : { recent: parse(recentDoc, recent, 'senaste svar') }),
    };
  }

  async activityStates(planId: string): Promise<ActivityState[]> {
    return (await this.records.list(planId, 'activity:')).map(readActivityState);
  }

  async saveActivityState(
    state: ActivityState,
    expectedEtag: string | undefined,
    recent?: RecentAnswer[],
  ): Promise<SaveResult> {
    const doc = clean({
      ...state,
      ...(recent ? { recent: recent.map(({ id, answeredAt }) => ({ id, answeredAt })) } : {}),
    });
    return saveVersioned(this.records, state.planId, `activity:${state.activityId}`, doc, expectedEtag);
  }
}

/** The schedule's bookkeeping, on whichever backend provides the primitives. */
export class ScheduleRecords implements ScheduleStore {
  constructor(private readonly records: VersionedRecords) {}

  async tryAcquireLease(planId: string, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const id = `lease:${name}`;
    const doc = { holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString(), epoch: 1, beat: 0 };
    const existing = await this.records.get(planId, id);
    if (!existing) return this.records.create(planId, id, doc);
    const current = parse(lease, existing.doc, 'lås');
    if (current.holder !== holder && current.expiresAt > now.toISOString()) return false;
    const epoch = (current.epoch ?? 0) + (current.holder === holder ? 0 : 1);
    return this.records.replace(planId, id, { ...doc, epoch, beat: (current.beat ?? 0) + 1 }, existing.etag);
  }

  async releaseLease(planId: string, name: string, holder: string): Promise<void> {
    const id = `lease:${name}`;
    const existing = await this.records.get(planId, id);
    if (!existing) return;
    const current = parse(lease, existing.doc, 'lås');
    if (current.holder !== holder) return;
    // The epoch stays: whoever takes the lease next takes the one after it.
    await this.records.replace(
      planId,
      id,
      { ...current, holder: '', expiresAt: new Date(0).toISOString() },
      existing.etag,
    );
  }

  async lease(planId: string, name: string): Promise<Lease | undefined> {
    const existing = await this.records.get(planId, `lease:${name}`);
    if (!existing) return undefined;
    const current = parse(lease, existing.doc, 'lås');
    return { holder: current.holder, epoch: current.epoch ?? 0, beat: current.beat ?? 0, etag: existing.etag };
  }

  async takeLease(planId: string, name: string, holder: string, seen: Lease | undefined): Promise<Lease | undefined> {
    const id = `lease:${name}`;
    const epoch = (seen?.epoch ?? 0) + 1;
    // expiresAt only for processes of the version before heartbeats: to them the lease is always held.
    const doc = { holder, epoch, beat: 0, expiresAt: '9999-12-31T00:00:00.000Z' };
    const written = seen
      ? await this.records.replace(planId, id, doc, seen.etag)
      : await this.records.create(planId, id, doc);
    if (!written) return undefined;
    const now = await this.lease(planId, name);
    return now?.epoch === epoch && now.holder === holder ? now : undefined;
  }

  async renewLease(planId: string, name: string, holder: string, epoch: number): Promise<Lease | 'fenced'> {
    const id = `lease:${name}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.lease(planId, name);
      if (!current || current.holder !== holder || current.epoch !== epoch) return 'fenced';
      const doc = { holder, epoch, beat: current.beat + 1, expiresAt: '9999-12-31T00:00:00.000Z' };
      if (await this.records.replace(planId, id, doc, current.etag)) {
        return { holder, epoch, beat: doc.beat, etag: (await this.records.get(planId, id))?.etag ?? '' };
      }
    }
    return 'fenced';
  }

  storeTime(planId: string): Promise<Date> {
    return this.records.storeTime(planId);
  }

  async jobCursor(planId: string, job: JobCursor['job']): Promise<Versioned<JobCursor> | undefined> {
    const existing = await this.records.get(planId, `cursor:${job}`);
    return existing ? { value: parse(cursorDoc, existing.doc, 'schemaläge'), etag: existing.etag } : undefined;
  }

  async saveJobCursor(cursor: JobCursor, expectedEtag: string | undefined): Promise<SaveResult> {
    return saveVersioned(this.records, cursor.planId, `cursor:${cursor.job}`, clean(cursor), expectedEtag);
  }

  /** Throws LEASE_FENCED when the lease has moved past `fence`'s epoch (or its holder gave it up). */
  private async checkFence(planId: string, fence: Fence | undefined): Promise<void> {
    if (!fence) return;
    const current = await this.lease(planId, fence.lease);
    if (current?.epoch === fence.epoch && current.holder !== '') return;
    throw fencedError(fence, current?.epoch ?? 0);
  }

  private fenceOf = (fence: Fence | undefined): RecordFence | undefined =>
    fence ? { id: `lease:${fence.lease}`, epoch: fence.epoch } : undefined;

  async claimSend(
    record: SendRecord,
    now: Date,
    staleAfterMs: number,
    fence?: Fence,
  ): Promise<'claimed' | 'done' | 'busy'> {
    const id = `send:${record.key}`;
    const guard = this.fenceOf(fence);
    const first = clean({ ...record, attempts: 1, epoch: fence?.epoch });
    if (await this.records.create(record.planId, id, first, guard)) return 'claimed';
    await this.checkFence(record.planId, fence);
    const existing = await this.records.get(record.planId, id);
    if (!existing) return 'busy';
    const current = parse(sendDoc, existing.doc, 'utskick');
    if (current.outcome === 'sent' || current.outcome === 'unreachable') return 'done';
    // This very claim, written by an earlier try whose answer was lost: it is ours, nothing was sent yet.
    if (record.claimId && current.claimId === record.claimId && current.outcome === undefined) return 'claimed';
    if (fence && (current.epoch ?? 0) > fence.epoch) throw fencedError(fence, current.epoch!);
    // Refused by Teams with a Retry-After: nobody tries again before it has passed.
    if (current.outcome === 'failed' && current.notBefore && current.notBefore > now.toISOString()) return 'busy';
    // A claim of an older epoch was made by a holder that has since been fenced: taken over at once.
    // (A claim with no epoch was made before leases had epochs: older than any.)
    const fencedHolder = fence !== undefined && (current.epoch ?? 0) < fence.epoch;
    const stale = fencedHolder || now.getTime() - Date.parse(current.claimedAt) >= staleAfterMs;
    if (current.outcome !== 'failed' && !stale && current.holder !== record.holder) return 'busy';
    // A failed send, or one whose sender vanished mid-send, is taken over: only one taker wins the
    // etag. A vanished sender may have reached the recipient: that attempt counts as uncertain.
    const taken = clean({
      ...record,
      attempts: (current.attempts ?? 1) + 1,
      delivered: current.delivered,
      uncertain: (current.uncertain ?? 0) + (current.outcome === undefined ? 1 : 0),
      refused: current.refused,
      epoch: fence?.epoch ?? current.epoch,
    });
    if (await this.records.replace(record.planId, id, taken, existing.etag, guard)) return 'claimed';
    await this.checkFence(record.planId, fence);
    return 'busy';
  }

  async finishSend(
    planId: string,
    key: string,
    outcome: SendOutcome,
    at: Date,
    status?: number,
    progress: SendProgress = {},
    fence?: Fence,
  ): Promise<void> {
    const id = `send:${key}`;
    for (let attempt = 0; ; attempt++) {
      const existing = await this.records.get(planId, id);
      if (!existing) throw new AppError('STORE_CONFLICT', `Utskicket ${key} saknas i loggen.`);
      const current = parse(sendDoc, existing.doc, 'utskick');
      if (fence && (current.epoch ?? 0) > fence.epoch) throw fencedError(fence, current.epoch!);
      const sum = (a: number | undefined, b: number | undefined) => (a ?? 0) + (b ?? 0) || undefined;
      const doc = clean({
        ...current,
        outcome,
        status,
        reason: progress.reason,
        finishedAt: at.toISOString(),
        delivered: sum(current.delivered, progress.delivered),
        uncertain: sum(current.uncertain, progress.uncertain),
        refused: sum(current.refused, progress.refused),
        notBefore: progress.notBefore,
      });
      if (await this.records.replace(planId, id, doc, existing.etag, this.fenceOf(fence))) return;
      await this.checkFence(planId, fence);
      if (attempt >= 5) throw new AppError('STORE_CONFLICT', `Utskicket ${key} ändrades samtidigt av någon annan.`);
    }
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
      ...(doc.paper ? { paper: parse(paperDetailsDoc, doc.paper, 'tjänsteutlåtande') } : {}),
    };
  }

  async savePaperEdition(edition: PaperEdition): Promise<'stored' | 'conflict'> {
    const id = `paper:${String(edition.edition).padStart(6, '0')}`;
    return (await this.records.create(edition.planId, id, clean(edition))) ? 'stored' : 'conflict';
  }

  async paperEditions(planId: string): Promise<PaperEdition[]> {
    return (await this.records.list(planId, 'paper:'))
      .map((d) => parse(paperEditionDoc, d, 'tjänsteutlåtande'))
      .sort((a, b) => a.edition - b.edition);
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
  paper: z.unknown().optional(),
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

/** An audit entry as stored (its id as `auditId`, clear of the backend's own id), and back. */
function auditDocOf(entry: AuditEntry): z.infer<typeof auditDoc> {
  const { id, ...rest } = entry;
  return { ...rest, auditId: id };
}
function auditEntryOf(doc: unknown): AuditEntry {
  const { auditId, ...rest } = parse(auditDoc, doc, 'ändringslogg');
  return { ...rest, id: auditId };
}

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

  async deployment(planId: string): Promise<(Versioned<Deployment> & { change?: AuditEntry }) | undefined> {
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
    const change = (found.doc as { change?: unknown }).change;
    if (change === undefined) return { value, etag: found.etag };
    return { value, etag: found.etag, change: auditEntryOf(change) };
  }

  async saveDeployment(
    planId: string,
    deployment: Deployment,
    expectedEtag: string | undefined,
    change?: AuditEntry,
  ): Promise<SaveResult> {
    // Kept under its own field: the backend's own fields (id, planId) never mix with the deployment's.
    const doc = { planId, deployment: clean(deployment), ...(change ? { change: auditDocOf(change) } : {}) };
    return saveVersioned(this.records, planId, 'deployment', doc, expectedEtag);
  }

  async appendAudit(entry: AuditEntry): Promise<'stored' | 'duplicate'> {
    const created = await this.records.create(entry.planId, `audit:${entry.at}:${entry.id}`, auditDocOf(entry));
    return created ? 'stored' : 'duplicate';
  }

  async auditLog(planId: string): Promise<AuditEntry[]> {
    return (await this.records.list(planId, 'audit:'))
      .map(auditEntryOf)
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
