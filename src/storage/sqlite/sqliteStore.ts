import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { StatusAnswer } from '../../domain/answer';
import { clean, ConversationDocuments, readAnswer, type KeyedDocuments } from '../documents';
import { RosterRecords } from '../rosterRecords';
import { StoredRecordKeeping, type RemovablePrimitives } from '../recordKeeping';
import type {
  AnswerLog,
  PromptAnswers,
  ConversationStore,
  CurrentStates,
  DeploymentStore,
  FollowUpStore,
  RosterStore,
  ScheduleStore,
  RecordKeeping,
  Store,
} from '../../app/ports';
import {
  ActivityStateRecords,
  DeploymentRecords,
  FollowUpRecords,
  ScheduleRecords,
  type RecordFence,
  type VersionedRecords,
} from '../planRecords';
import { AppError } from '../../app/errors';
import pRetry, { AbortError } from 'p-retry';

/**
 * better-sqlite3 is synchronous: while it waits out busy_timeout for a lock another process holds,
 * the whole event loop waits with it. So SQLite waits only briefly, and a busy statement is tried
 * again asynchronously with backoff: a locked file slows the requests that touch it, not the bot.
 */
const BUSY_TIMEOUT_MS = 20;
/** How long a statement keeps trying: a card action must still be answered within Teams' 5 s. */
export const BUSY_DEADLINE_MS = 3_000;

const isBusy = (error: unknown): boolean =>
  /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown })?.code ?? ''));

/**
 * Runs a statement, retrying asynchronously while the database is locked by someone else: at once
 * when it is free (the common case pays nothing), else with p-retry's exponential backoff and
 * jitter (10 ms doubling up to 250 ms) until `deadlineMs` has passed.
 */
export async function retryBusy<T>(run: () => T, deadlineMs = BUSY_DEADLINE_MS): Promise<T> {
  try {
    return run();
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
  try {
    return await pRetry(
      () => {
        try {
          return run();
        } catch (error) {
          throw isBusy(error) ? error : new AbortError(error as Error);
        }
      },
      { retries: 1_000, minTimeout: 10, maxTimeout: 250, factor: 2, randomize: true, maxRetryTime: deadlineMs },
    );
  } catch (error) {
    if (!isBusy(error)) throw error;
    throw new AppError('STORE_UNAVAILABLE', 'Databasen är låst av en annan process just nu. Försök igen om en stund.');
  }
}

/**
 * Schema versions, applied in order. SQLite's user_version records how far a file has come, so an
 * older data folder is upgraded in place on start.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE answers (
     id TEXT PRIMARY KEY,
     plan_id TEXT NOT NULL,
     activity_id TEXT NOT NULL,
     answered_at TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX answers_by_activity ON answers (plan_id, activity_id, answered_at);
   CREATE TABLE activity_state (
     plan_id TEXT NOT NULL,
     activity_id TEXT NOT NULL,
     etag TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (plan_id, activity_id)
   );
   CREATE TABLE conversations (
     key TEXT PRIMARY KEY,
     doc TEXT NOT NULL
   );`,
  `CREATE TABLE plan_records (
     plan_id TEXT NOT NULL,
     id TEXT NOT NULL,
     etag TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (plan_id, id)
   );`,
  // The current status per activity becomes a plan record like the schedule's: one etag mechanism.
  `INSERT INTO plan_records (plan_id, id, etag, doc)
     SELECT plan_id, 'activity:' || activity_id, etag, doc FROM activity_state;
   DROP TABLE activity_state;`,
  // A retried card is told from a new answer by the answers of its prompt: found by index, not by
  // reading the activity's history.
  `CREATE INDEX answers_by_prompt ON answers (plan_id, activity_id, json_extract(doc, '$.promptId'));`,
  // The latest answer of a card is the last entry of its prompt in the index: one seek, however
  // many answers the card already sent.
  `DROP INDEX answers_by_prompt;
   CREATE INDEX answers_by_prompt_in_order ON answers
     (plan_id, activity_id, json_extract(doc, '$.promptId'), answered_at, id);`,
];

export interface SqliteOptions {
  /** Folder for the database file; created if missing. */
  dataDir: string;
  fileName?: string;
}

export class SqliteStore implements Store {
  readonly answers: AnswerLog;
  readonly states: CurrentStates;
  readonly conversations: ConversationStore;
  readonly schedule: ScheduleStore;
  readonly roster: RosterStore;
  readonly followUp: FollowUpStore;
  readonly deployments: DeploymentStore;
  readonly records: RecordKeeping;
  readonly db: Database.Database;

  constructor(options: SqliteOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(join(options.dataDir, options.fileName ?? 'atgardsplan.sqlite'));
    // WAL lets a second bot process read while one writes. Start-up may wait for a lock; after it,
    // waits are short and retried asynchronously (retryBusy).
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const records = new SqliteRecords(this.db);
    this.answers = new SqliteAnswers(this.db);
    this.states = new ActivityStateRecords(records);
    this.conversations = new ConversationDocuments(new SqliteConversations(this.db));
    this.schedule = new ScheduleRecords(records);
    this.roster = new RosterRecords(records);
    this.followUp = new FollowUpRecords(records);
    this.deployments = new DeploymentRecords(records);
    this.records = new StoredRecordKeeping(sqliteRemovals(this.db));
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db
        .transaction(() => {
          this.db.exec(MIGRATIONS[v] as string);
          this.db.pragma(`user_version = ${v + 1}`);
        })
        .immediate();
    }
  }

  async ping(timeoutMs: number): Promise<void> {
    const stmt = this.db.prepare('SELECT count(*) FROM plan_records');
    await retryBusy(() => stmt.get(), timeoutMs);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The answer log: append-only, one row each; the current status lives in plan_records. */
class SqliteAnswers implements AnswerLog {
  private readonly insert;
  private readonly history;
  private readonly all;
  private readonly byId;
  private readonly lastByPrompt;
  private readonly countByPrompt;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO answers (id, plan_id, activity_id, answered_at, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.history = db.prepare(
      'SELECT doc FROM answers WHERE plan_id = ? AND activity_id = ? ORDER BY answered_at DESC, id DESC LIMIT ?',
    );
    this.all = db.prepare('SELECT doc FROM answers WHERE plan_id = ? ORDER BY answered_at ASC, id ASC');
    this.byId = db.prepare('SELECT doc FROM answers WHERE id = ? AND plan_id = ? AND activity_id = ?');
    // Named, because the planner would otherwise take the activity index and scan the history.
    const ofPrompt =
      "FROM answers INDEXED BY answers_by_prompt_in_order WHERE plan_id = ? AND activity_id = ? AND json_extract(doc, '$.promptId') = ?";
    this.lastByPrompt = db.prepare(`SELECT doc ${ofPrompt} ORDER BY answered_at DESC, id DESC LIMIT 1`);
    this.countByPrompt = db.prepare(`SELECT COUNT(*) AS n ${ofPrompt}`).pluck();
  }

  async answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined> {
    const row = (await retryBusy(() => this.byId.get(answerId, planId, activityId))) as { doc: string } | undefined;
    return row ? readAnswer(JSON.parse(row.doc)) : undefined;
  }

  async lastFromPrompt(planId: string, activityId: string, promptId: string): Promise<PromptAnswers | undefined> {
    const row = (await retryBusy(() => this.lastByPrompt.get(planId, activityId, promptId))) as
      { doc: string } | undefined;
    if (!row) return undefined;
    // Counted within the index, without reading a document.
    const count = (await retryBusy(() => this.countByPrompt.get(planId, activityId, promptId))) as number;
    return { last: readAnswer(JSON.parse(row.doc)), count };
  }

  async appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'> {
    const doc = JSON.stringify(clean(answer));
    const info = await retryBusy(() =>
      this.insert.run(answer.id, answer.planId, answer.activityId, answer.answeredAt, doc),
    );
    return info.changes === 1 ? 'stored' : 'duplicate';
  }

  async answerHistory(planId: string, activityId: string, limit = 1000): Promise<StatusAnswer[]> {
    return ((await retryBusy(() => this.history.all(planId, activityId, limit))) as { doc: string }[]).map((r) =>
      readAnswer(JSON.parse(r.doc)),
    );
  }

  async allAnswers(planId: string): Promise<StatusAnswer[]> {
    return ((await retryBusy(() => this.all.all(planId))) as { doc: string }[]).map((r) =>
      readAnswer(JSON.parse(r.doc)),
    );
  }
}

class SqliteConversations implements KeyedDocuments {
  private readonly getStmt;
  private readonly putStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT doc FROM conversations WHERE key = ?');
    this.putStmt = db.prepare(
      'INSERT INTO conversations (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc',
    );
  }

  async get(key: string): Promise<unknown> {
    const row = (await retryBusy(() => this.getStmt.get(key))) as { doc: string } | undefined;
    return row ? JSON.parse(row.doc) : undefined;
  }

  async put(key: string, doc: object): Promise<void> {
    await retryBusy(() => this.putStmt.run(key, JSON.stringify(doc)));
  }
}

class SqliteRecords implements VersionedRecords {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly upsertStmt;
  private readonly listStmt;
  private readonly fencedInsertStmt;
  private readonly fencedUpdateStmt;
  private readonly nowStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT doc, etag FROM plan_records WHERE plan_id = ? AND id = ?');
    // A fenced write checks the lease in the same statement: it writes nothing once the lease has
    // a newer epoch or no holder.
    const leaseHolds =
      "EXISTS (SELECT 1 FROM plan_records l WHERE l.plan_id = ? AND l.id = ? AND json_extract(l.doc, '$.epoch') = ? AND json_extract(l.doc, '$.holder') <> '')";
    this.fencedInsertStmt = db.prepare(
      `INSERT INTO plan_records (plan_id, id, etag, doc) SELECT ?, ?, ?, ? WHERE ${leaseHolds} ON CONFLICT DO NOTHING`,
    );
    this.fencedUpdateStmt = db.prepare(
      `UPDATE plan_records SET etag = ?, doc = ? WHERE plan_id = ? AND id = ? AND etag = ? AND ${leaseHolds}`,
    );
    this.nowStmt = db.prepare("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS now");
    this.insertStmt = db.prepare(
      'INSERT INTO plan_records (plan_id, id, etag, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.updateStmt = db.prepare('UPDATE plan_records SET etag = ?, doc = ? WHERE plan_id = ? AND id = ? AND etag = ?');
    this.upsertStmt = db.prepare(
      'INSERT INTO plan_records (plan_id, id, etag, doc) VALUES (?, ?, ?, ?) ON CONFLICT (plan_id, id) DO UPDATE SET etag = excluded.etag, doc = excluded.doc',
    );
    // Prefix match by range, so the primary key index serves it.
    this.listStmt = db.prepare('SELECT doc FROM plan_records WHERE plan_id = ? AND id >= ? AND id < ? ORDER BY id');
  }

  async get(planId: string, id: string): Promise<{ doc: unknown; etag: string } | undefined> {
    const row = (await retryBusy(() => this.getStmt.get(planId, id))) as { doc: string; etag: string } | undefined;
    return row ? { doc: JSON.parse(row.doc), etag: row.etag } : undefined;
  }

  async create(planId: string, id: string, doc: object, fence?: RecordFence): Promise<boolean> {
    const json = JSON.stringify(doc);
    const run = fence
      ? () => this.fencedInsertStmt.run(planId, id, randomUUID(), json, planId, fence.id, fence.epoch)
      : () => this.insertStmt.run(planId, id, randomUUID(), json);
    return (await retryBusy(run)).changes === 1;
  }

  async replace(planId: string, id: string, doc: object, etag: string, fence?: RecordFence): Promise<boolean> {
    const json = JSON.stringify(doc);
    const run = fence
      ? () => this.fencedUpdateStmt.run(randomUUID(), json, planId, id, etag, planId, fence.id, fence.epoch)
      : () => this.updateStmt.run(randomUUID(), json, planId, id, etag);
    return (await retryBusy(run)).changes === 1;
  }

  async storeTime(): Promise<Date> {
    const row = (await retryBusy(() => this.nowStmt.get())) as { now: string };
    return new Date(row.now);
  }

  async upsert(planId: string, id: string, doc: object): Promise<void> {
    await retryBusy(() => this.upsertStmt.run(planId, id, randomUUID(), JSON.stringify(doc)));
  }

  async list(planId: string, idPrefix: string): Promise<unknown[]> {
    const rows = (await retryBusy(() => this.listStmt.all(planId, idPrefix, `${idPrefix}\uffff`))) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc));
  }
}

/** Gallring's primitives on SQLite: rows listed with their keys and deleted by them. */
function sqliteRemovals(db: Database.Database): RemovablePrimitives {
  const entries = db.prepare('SELECT id, doc FROM plan_records WHERE plan_id = ? AND id >= ? AND id < ? ORDER BY id');
  const removeRecord = db.prepare('DELETE FROM plan_records WHERE plan_id = ? AND id = ?');
  const answers = db.prepare('SELECT id, doc FROM answers WHERE plan_id = ? ORDER BY answered_at, id');
  const removeAnswer = db.prepare('DELETE FROM answers WHERE plan_id = ? AND id = ?');
  const conversations = db.prepare('SELECT key AS id, doc FROM conversations ORDER BY key');
  const removeConversation = db.prepare('DELETE FROM conversations WHERE key = ?');
  const rows = (r: unknown): Array<{ id: string; doc: Record<string, unknown> }> =>
    (r as Array<{ id: string; doc: string }>).map(({ id, doc }) => ({ id, doc: JSON.parse(doc) }));
  return {
    entries: async (planId, prefix) => rows(await retryBusy(() => entries.all(planId, prefix, `${prefix}\uffff`))),
    removeRecord: async (planId, id) => (await retryBusy(() => removeRecord.run(planId, id))).changes === 1,
    answerEntries: async (planId) => rows(await retryBusy(() => answers.all(planId))),
    removeAnswer: async (planId, id) => (await retryBusy(() => removeAnswer.run(planId, id))).changes === 1,
    conversationEntries: async () => rows(await retryBusy(() => conversations.all())),
    removeConversation: async (id) => (await retryBusy(() => removeConversation.run(id))).changes === 1,
  };
}
