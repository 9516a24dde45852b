import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ActivityState, StatusAnswer } from '../../domain/answer';
import type {
  AnswerStore,
  ConversationStore,
  SaveResult,
  ScheduleStore,
  Store,
  StoredConversation,
  Versioned,
} from '../../app/ports';
import { clean, readActivityState, readAnswer, readConversation, sameConversation } from '../documents';
import { ScheduleRecords, type VersionedRecords } from '../scheduleRecords';

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
];

export interface SqliteOptions {
  /** Folder for the database file; created if missing. */
  dataDir: string;
  fileName?: string;
}

export class SqliteStore implements Store {
  readonly answers: AnswerStore;
  readonly conversations: ConversationStore;
  readonly schedule: ScheduleStore;
  readonly db: Database.Database;

  constructor(options: SqliteOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(join(options.dataDir, options.fileName ?? 'atgardsplan.sqlite'));
    // WAL lets a second bot process read while one writes; busy_timeout makes writers wait
    // for each other instead of failing at once.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.answers = new SqliteAnswers(this.db);
    this.conversations = new SqliteConversations(this.db);
    this.schedule = new ScheduleRecords(new SqliteRecords(this.db));
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

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

class SqliteAnswers implements AnswerStore {
  private readonly insert;
  private readonly history;
  private readonly all;
  private readonly state;
  private readonly states;
  private readonly insertState;
  private readonly updateState;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO answers (id, plan_id, activity_id, answered_at, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.history = db.prepare(
      'SELECT doc FROM answers WHERE plan_id = ? AND activity_id = ? ORDER BY answered_at DESC, id DESC LIMIT ?',
    );
    this.all = db.prepare('SELECT doc FROM answers WHERE plan_id = ? ORDER BY answered_at ASC, id ASC');
    this.state = db.prepare('SELECT doc, etag FROM activity_state WHERE plan_id = ? AND activity_id = ?');
    this.states = db.prepare('SELECT doc FROM activity_state WHERE plan_id = ? ORDER BY activity_id');
    this.insertState = db.prepare(
      'INSERT INTO activity_state (plan_id, activity_id, etag, doc) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.updateState = db.prepare(
      'UPDATE activity_state SET etag = ?, doc = ? WHERE plan_id = ? AND activity_id = ? AND etag = ?',
    );
  }

  async appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'> {
    const doc = JSON.stringify(clean(answer));
    const info = this.insert.run(answer.id, answer.planId, answer.activityId, answer.answeredAt, doc);
    return info.changes === 1 ? 'stored' : 'duplicate';
  }

  async answerHistory(planId: string, activityId: string, limit = 1000): Promise<StatusAnswer[]> {
    return (this.history.all(planId, activityId, limit) as { doc: string }[]).map((r) => readAnswer(JSON.parse(r.doc)));
  }

  async allAnswers(planId: string): Promise<StatusAnswer[]> {
    return (this.all.all(planId) as { doc: string }[]).map((r) => readAnswer(JSON.parse(r.doc)));
  }

  async activityState(planId: string, activityId: string): Promise<Versioned<ActivityState> | undefined> {
    const row = this.state.get(planId, activityId) as { doc: string; etag: string } | undefined;
    return row ? { value: readActivityState(JSON.parse(row.doc)), etag: row.etag } : undefined;
  }

  async activityStates(planId: string): Promise<ActivityState[]> {
    return (this.states.all(planId) as { doc: string }[]).map((r) => readActivityState(JSON.parse(r.doc)));
  }

  async saveActivityState(state: ActivityState, expectedEtag: string | undefined): Promise<SaveResult> {
    const doc = JSON.stringify(clean(state));
    const etag = randomUUID();
    const info =
      expectedEtag === undefined
        ? this.insertState.run(state.planId, state.activityId, etag, doc)
        : this.updateState.run(etag, doc, state.planId, state.activityId, expectedEtag);
    return info.changes === 1 ? 'saved' : 'conflict';
  }
}

class SqliteConversations implements ConversationStore {
  private readonly get;
  private readonly upsert;

  constructor(db: Database.Database) {
    this.get = db.prepare('SELECT doc FROM conversations WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO conversations (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc',
    );
  }

  async saveConversation(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'> {
    const existing = await this.conversation(conversation.key);
    if (existing && sameConversation(existing, conversation)) return 'unchanged';
    this.upsert.run(conversation.key, JSON.stringify(clean(conversation)));
    return existing ? 'updated' : 'created';
  }

  async conversation(key: string): Promise<StoredConversation | undefined> {
    const row = this.get.get(key) as { doc: string } | undefined;
    return row ? readConversation(JSON.parse(row.doc)) : undefined;
  }

  async markGone(key: string, at: string): Promise<void> {
    const existing = await this.conversation(key);
    if (existing && !existing.gone) {
      this.upsert.run(key, JSON.stringify(clean({ ...existing, gone: true, updatedAt: at })));
    }
  }
}

class SqliteRecords implements VersionedRecords {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly upsertStmt;
  private readonly listStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT doc, etag FROM plan_records WHERE plan_id = ? AND id = ?');
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
    const row = this.getStmt.get(planId, id) as { doc: string; etag: string } | undefined;
    return row ? { doc: JSON.parse(row.doc), etag: row.etag } : undefined;
  }

  async create(planId: string, id: string, doc: object): Promise<boolean> {
    return this.insertStmt.run(planId, id, randomUUID(), JSON.stringify(doc)).changes === 1;
  }

  async replace(planId: string, id: string, doc: object, etag: string): Promise<boolean> {
    return this.updateStmt.run(randomUUID(), JSON.stringify(doc), planId, id, etag).changes === 1;
  }

  async upsert(planId: string, id: string, doc: object): Promise<void> {
    this.upsertStmt.run(planId, id, randomUUID(), JSON.stringify(doc));
  }

  async list(planId: string, idPrefix: string): Promise<unknown[]> {
    const rows = this.listStmt.all(planId, idPrefix, `${idPrefix}\uffff`) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc));
  }
}
