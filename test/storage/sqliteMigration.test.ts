import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { stateFromAnswer } from '../../src/domain/answer';
import { answer } from '../support/fixtures';

describe('an embedded store from an earlier version', () => {
  it('is upgraded in place on start, keeping the current status of every activity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migration-'));
    const state = stateFromAnswer(answer({ activityId: '2a', status: 'risk' }));
    // Schema version 2: the current status had a table of its own.
    const old = new Database(join(dir, 'atgardsplan.sqlite'));
    old.exec(`CREATE TABLE answers (id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, activity_id TEXT NOT NULL, answered_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE activity_state (plan_id TEXT NOT NULL, activity_id TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (plan_id, activity_id));
      CREATE TABLE conversations (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE plan_records (plan_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (plan_id, id));`);
    old
      .prepare('INSERT INTO activity_state VALUES (?, ?, ?, ?)')
      .run(state.planId, '2a', 'etag-1', JSON.stringify(state));
    old.pragma('user_version = 2');
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    const read = await store.states.activityState(state.planId, '2a');
    expect(read).toEqual({ value: state, etag: 'etag-1' });
    expect(await store.states.saveActivityState({ ...state, status: 'klar' }, 'etag-1')).toBe('saved');
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds a card's latest answer in a file from the version that listed a card's answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migration-'));
    const first = answer({ promptId: 'kort-1', answeredAt: '2026-11-01T09:00:00.000Z' });
    const second = answer({ promptId: 'kort-1', answeredAt: '2026-11-02T09:00:00.000Z', status: 'risk' });
    // Schema version 4: the card's answers by an index on the prompt alone.
    const old = new Database(join(dir, 'atgardsplan.sqlite'));
    old.exec(`CREATE TABLE answers (id TEXT PRIMARY KEY, plan_id TEXT NOT NULL, activity_id TEXT NOT NULL, answered_at TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX answers_by_activity ON answers (plan_id, activity_id, answered_at);
      CREATE TABLE conversations (key TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE plan_records (plan_id TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (plan_id, id));
      CREATE INDEX answers_by_prompt ON answers (plan_id, activity_id, json_extract(doc, '$.promptId'));`);
    const insert = old.prepare('INSERT INTO answers VALUES (?, ?, ?, ?, ?)');
    for (const a of [second, first]) insert.run(a.id, a.planId, a.activityId, a.answeredAt, JSON.stringify(a));
    old.pragma('user_version = 4');
    old.close();

    const store = new SqliteStore({ dataDir: dir });
    expect(await store.answers.lastFromPrompt(first.planId, '2a', 'kort-1')).toEqual({ last: second, count: 2 });
    expect(await store.answers.answerHistory(first.planId, '2a')).toEqual([second, first]);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
