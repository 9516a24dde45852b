import type { HeldRecord, RecordKeeping, StoredKind } from '../app/ports';
import { readAnswer, readConversation } from './documents';

/** What each backend adds for gallring: its records listed with their ids, and removed by id. */
export interface RemovablePrimitives {
  /** A plan's records whose id starts with the prefix, with their ids. */
  entries(planId: string, idPrefix: string): Promise<Array<{ id: string; doc: Record<string, unknown> }>>;
  removeRecord(planId: string, id: string): Promise<boolean>;
  /** Every answer of a plan, with the key the backend removes it by. */
  answerEntries(planId: string): Promise<Array<{ id: string; doc: unknown }>>;
  removeAnswer(planId: string, id: string): Promise<boolean>;
  /** Every conversation reference (they belong to no plan). */
  conversationEntries(): Promise<Array<{ id: string; doc: unknown }>>;
  removeConversation(id: string): Promise<boolean>;
  /** Per-item expiry, where the backend has it. */
  expireRecord?: (planId: string, id: string, ttlSeconds: number) => Promise<void>;
}

/** Which record prefixes belong to which kind, and what instant and person each record is about. */
const RECORD_PREFIXES: Record<
  Exclude<StoredKind, 'konversationer'>,
  Array<{
    prefix: string;
    at: (d: Record<string, unknown>) => unknown;
    userId?: (d: Record<string, unknown>) => unknown;
  }>
> = {
  svar: [
    { prefix: 'activity:', at: (d) => d.answeredAt, userId: (d) => (d.answeredBy as { userId?: unknown })?.userId },
    { prefix: 'assessment:', at: (d) => d.assessedAt, userId: (d) => (d.assessedBy as { userId?: unknown })?.userId },
    { prefix: 'revision:', at: (d) => d.at, userId: (d) => (d.by as { userId?: unknown })?.userId },
  ],
  utskick: [
    { prefix: 'send:', at: (d) => d.finishedAt ?? d.claimedAt, userId: (d) => d.recipient },
    { prefix: 'reminderMove:', at: (d) => d.movedAt, userId: (d) => (d.movedBy as { userId?: unknown })?.userId },
  ],
  teammedlemmar: [{ prefix: 'member:', at: (d) => d.seenAt, userId: (d) => d.userId }],
  andringslogg: [{ prefix: 'audit:', at: (d) => d.at, userId: (d) => (d.by as { userId?: unknown })?.userId }],
  versioner: [
    { prefix: 'version:', at: (d) => d.fixedAt, userId: (d) => (d.fixedBy as { userId?: unknown })?.userId },
    { prefix: 'versionContent:', at: (d) => d.fixedAt },
    // The committee paper's parts, as people wrote them for the versions to be fixed.
    { prefix: 'paper:', at: (d) => d.savedAt, userId: (d) => (d.savedBy as { userId?: unknown })?.userId },
  ],
};

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Gallring's view of a store, written once for every backend on the primitives above. */
export class StoredRecordKeeping implements RecordKeeping {
  readonly expire?: RecordKeeping['expire'];

  constructor(private readonly primitives: RemovablePrimitives) {
    const expireRecord = primitives.expireRecord;
    if (expireRecord) {
      this.expire = async (planId, kind, id, ttlSeconds) => {
        // Answers and conversation references live in containers of their own: the job removes them.
        if (kind !== 'konversationer' && !id.startsWith('answer:')) await expireRecord(planId, id, ttlSeconds);
      };
    }
  }

  async held(planId: string, kind: StoredKind): Promise<HeldRecord[]> {
    if (kind === 'konversationer') {
      return (await this.primitives.conversationEntries()).flatMap(({ id, doc }) => {
        const c = readConversation(doc);
        return c.kind === 'personal' && c.userId ? [{ id, at: c.updatedAt, userId: c.userId, doc: { ...c } }] : [];
      });
    }
    const found: HeldRecord[] = [];
    if (kind === 'svar') {
      for (const { id, doc } of await this.primitives.answerEntries(planId)) {
        const a = readAnswer(doc);
        found.push({ id: `answer:${id}`, at: a.answeredAt, userId: a.answeredBy.userId, doc: { ...a } });
      }
    }
    for (const { prefix, at, userId } of RECORD_PREFIXES[kind]) {
      for (const { id, doc } of await this.primitives.entries(planId, prefix)) {
        const when = str(at(doc));
        if (!when) continue;
        const who = userId ? str(userId(doc)) : undefined;
        const present = typeof doc.present === 'boolean' ? { present: doc.present } : {};
        found.push({ id, at: when, ...(who ? { userId: who } : {}), ...present, doc });
      }
    }
    return found.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  async remove(planId: string, kind: StoredKind, ids: string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) {
      const gone =
        kind === 'konversationer'
          ? await this.primitives.removeConversation(id)
          : id.startsWith('answer:')
            ? await this.primitives.removeAnswer(planId, id.slice('answer:'.length))
            : await this.primitives.removeRecord(planId, id);
      if (gone) removed++;
    }
    return removed;
  }
}
