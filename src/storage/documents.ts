import { z } from 'zod';
import { STATUSES } from '../domain/status';
import { VERDICTS } from '../domain/assessment';
import type { ActivityState, StatusAnswer } from '../domain/answer';
import type { ConversationStore, FixedVersion, StoredConversation } from '../app/ports';
import type { Assessment } from '../domain/assessment';
import type { PaperDetails, PaperEdition } from '../domain/paper';
import { AppError } from '../app/errors';

/** Stored documents are parsed on read: a store edited by hand or by an older version fails loudly. */
const person = z.object({ userId: z.string(), name: z.string() });

export const statusAnswerDoc = z.object({
  id: z.string(),
  planId: z.string(),
  activityId: z.string(),
  status: z.enum(STATUSES),
  comment: z.string().optional(),
  nextStep: z.string().optional(),
  milestonesReached: z.array(z.string()),
  evidenceUrl: z.string().optional(),
  indicators: z.record(z.string(), z.number()),
  answeredBy: person,
  ownerRole: z.string(),
  answeredAt: z.string(),
  promptId: z.string(),
  corrects: z.string().optional(),
}) satisfies z.ZodType<StatusAnswer, z.ZodTypeDef, unknown>;

export const activityStateDoc = z.object({
  planId: z.string(),
  activityId: z.string(),
  status: z.enum(STATUSES),
  answerId: z.string(),
  answeredAt: z.string(),
  answeredBy: person,
  comment: z.string().optional(),
  nextStep: z.string().optional(),
  milestonesReached: z.array(z.string()),
  indicators: z.record(z.string(), z.number()),
  evidenceUrl: z.string().optional(),
}) satisfies z.ZodType<ActivityState, z.ZodTypeDef, unknown>;

export const conversationDoc = z.object({
  key: z.string(),
  kind: z.enum(['personal', 'groupChat', 'channel']),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  reference: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
  gone: z.boolean(),
}) satisfies z.ZodType<StoredConversation, z.ZodTypeDef, unknown>;

export const assessmentDoc = z.object({
  id: z.string(),
  planId: z.string(),
  recommendationId: z.string(),
  verdict: z.enum(VERDICTS),
  analysis: z.string(),
  effects: z.string(),
  assessedBy: person,
  assessedAt: z.string(),
  formId: z.string(),
}) satisfies z.ZodType<Assessment, z.ZodTypeDef, unknown>;

export const fixedVersionDoc = z.object({
  planId: z.string(),
  version: z.number().int().positive(),
  fixedBy: person,
  fixedAt: z.string(),
  documentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  planSha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentSha256: z.string().regex(/^[0-9a-f]{64}$/),
  pdfSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
}) satisfies z.ZodType<FixedVersion, z.ZodTypeDef, unknown>;

export const paperDetailsDoc = z
  .object({
    diarienummer: z.string().optional(),
    department: z.string().optional(),
    caseOfficer: z
      .object({
        name: z.string(),
        title: z.string().optional(),
        phone: z.string().optional(),
        email: z.string().optional(),
      })
      .optional(),
    proposal: z.array(z.string()).optional(),
    summary: z.string().optional(),
    auditDate: z.string().optional(),
    planDecision: z.string().optional(),
    samverkan: z.string().optional(),
    childRights: z.string().optional(),
    signatories: z.object({ director: z.string().optional(), departmentHead: z.string().optional() }).optional(),
  })
  .strict() satisfies z.ZodType<PaperDetails, z.ZodTypeDef, unknown>;

export const paperEditionDoc = z.object({
  planId: z.string(),
  edition: z.number().int().positive(),
  savedAt: z.string(),
  savedBy: person,
  details: paperDetailsDoc,
}) satisfies z.ZodType<PaperEdition, z.ZodTypeDef, unknown>;

export function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(
      'STORE_CORRUPT',
      `Ett lagrat dokument (${what}) har fel form: ${result.error.issues[0]?.message}`,
    );
  }
  return result.data;
}

export const readAnswer = (v: unknown): StatusAnswer => parse(statusAnswerDoc, v, 'svar');
export const readActivityState = (v: unknown): ActivityState => parse(activityStateDoc, v, 'aktivitetsstatus');
export const readConversation = (v: unknown): StoredConversation => parse(conversationDoc, v, 'konversation');

/** Drops undefined fields so both stores hold the same document and equality checks agree. */
export function clean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Installs repeat on every page load: the same reference again is no change, whatever its time. */
function sameConversation(a: StoredConversation, b: StoredConversation): boolean {
  return a.gone === b.gone && JSON.stringify(clean(a.reference)) === JSON.stringify(clean(b.reference));
}

/** What each backend offers for conversation references: a document by key, written whole. */
export interface KeyedDocuments {
  get(key: string): Promise<unknown>;
  put(key: string, doc: object): Promise<void>;
}

/** Conversation references on any backend: repeated installs change nothing, an uninstall marks gone. */
export class ConversationDocuments implements ConversationStore {
  constructor(private readonly documents: KeyedDocuments) {}

  async saveConversation(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = await this.conversation(conversation.key);
    if (existing && sameConversation(existing, conversation)) return 'unchanged';
    await this.documents.put(conversation.key, clean(conversation));
    return existing ? 'updated' : 'created';
  }

  async conversation(key: string): Promise<StoredConversation | undefined> {
    const doc = await this.documents.get(key);
    return doc === undefined ? undefined : readConversation(doc);
  }

  async markGone(key: string, at: string): Promise<void> {
    const existing = await this.conversation(key);
    if (existing && !existing.gone) await this.documents.put(key, clean({ ...existing, gone: true, updatedAt: at }));
  }
}
