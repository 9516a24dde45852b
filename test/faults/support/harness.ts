import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteStore } from '../../../src/storage/sqlite/sqliteStore';
import type { Store } from '../../../src/app/ports';
import { personalConversation } from '../../support/fixtures';
import type { LocalConnector } from '../../support/connector';
import { syntheticUser } from '../../support/synthetic';

const DIST = resolve(__dirname, '../../../dist/test/faults/support');

/** A compiled helper script; the fault suite runs `npm run build` first (npm run test:faults). */
export function script(name: string): string {
  const file = join(DIST, `${name}.js`);
  if (!existsSync(file)) throw new Error(`${file} saknas: kör npm run build (npm run test:faults gör det)`);
  return file;
}

export interface Child {
  proc: ChildProcess;
  /** What the child printed after READY (its URL), or after LOCKED. */
  ready: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  log: string[];
}

/** Starts a helper script and waits until it prints `marker`. */
export async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  marker = 'READY',
): Promise<Child> {
  const proc = spawn(process.execPath, [script(name), ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
    proc.on('exit', (code, signal) => done({ code, signal, at: Date.now() })),
  );
  const ready = await new Promise<string>((done, fail) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`${name} started not within 30 s: ${log.join('')}`)), 30_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      log.push(chunk.toString());
      const line = buffer.split('\n').find((l) => l.startsWith(marker));
      if (line) {
        clearTimeout(timer);
        done(line.slice(marker.length).trim());
      }
    });
    proc.stderr!.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    void exited.then(({ code }) => fail(new Error(`${name} exited ${code}: ${log.join('')}`)));
  });
  return { proc, ready, exited, log };
}

/** The bot in its own process, its clock shifted so that `now` is the given instant at start. */
export function startBotProcess(env: Record<string, string>, now: string): Promise<Child> {
  return startChild('botProcess', [], { CLOCK_OFFSET_MS: String(Date.parse(now) - Date.now()), PORT: '0', ...env });
}

export function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'atgardsplan-fault-'));
}

export const CHANNEL_ID = 'fault-channel';

/** Gives each synthetic owner a 1:1 chat at the connector, links a channel, then closes the store. */
export async function seed(store: Store, owners: number, planId: string, connectorUrl: string): Promise<void> {
  for (let i = 0; i < owners; i++) {
    const base = personalConversation(syntheticUser(i).userId);
    await store.conversations.saveConversation({
      ...base,
      reference: {
        ...base.reference,
        serviceUrl: connectorUrl,
        conversation: { id: `a:owner-${i}`, conversationType: 'personal' },
      },
    });
  }
  await store.conversations.saveConversation({
    key: `channel:${CHANNEL_ID}`,
    kind: 'channel',
    teamId: CHANNEL_ID,
    reference: {
      conversation: { id: CHANNEL_ID, conversationType: 'channel' },
      serviceUrl: connectorUrl,
      bot: { id: 'bot', name: 'Åtgärdsplan' },
    },
    updatedAt: '2026-11-20T08:00:00.000Z',
    gone: false,
  });
  await store.schedule.linkChannel({
    planId,
    conversationKey: `channel:${CHANNEL_ID}`,
    teamId: CHANNEL_ID,
    linkedBy: 'admin',
    linkedAt: '2026-11-20T08:00:00.000Z',
  });
}

export async function seedSqlite(dataDir: string, owners: number, planId: string, connectorUrl: string): Promise<void> {
  const store = new SqliteStore({ dataDir });
  await seed(store, owners, planId, connectorUrl);
  // The job cursors start before the slot, as if the bot had run since the week before.
  for (const job of ['prompts', 'summary'] as const) {
    await store.schedule.saveJobCursor({ planId, job, lastDueAt: '2026-11-30T07:00:00.000Z' }, undefined);
  }
  await store.close();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` or the deadline; returns how long it took. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

/** Copies per owner conversation, and the figures every scenario reports. */
export function tally(connector: LocalConnector, owners: number) {
  const cards = connector.cardsByConversation();
  const copies = Array.from({ length: owners }, (_, i) => cards.get(`a:owner-${i}`) ?? 0);
  return {
    copies,
    duplicates: copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    missing: copies.filter((n) => n === 0).length,
    maxCopies: Math.max(...copies),
    twice: copies.filter((n) => n > 1).length,
    summaries: cards.get(CHANNEL_ID) ?? 0,
  };
}

/** One line per scenario: the figures the README's reliability table shows. */
export function report(scenario: string, figures: Record<string, number | string>): void {
  const line = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  process.stdout.write(`FAULT ${scenario}: ${line}\n`);
}
