import { screenedLogDestination } from './leakCheck';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config/env';
import { startBot, type RunningBot, type StartOptions } from '../../src/index';
import type { Clock } from '../../src/app/ports';
import { randomUUID } from 'node:crypto';
import { startLocalCosmos, type LocalCosmos } from './localCosmos';

/** A clock the test sets; starts at the given instant. */
export class TestClock implements Clock {
  private tick = 0;
  constructor(private current: Date) {}
  now(): Date {
    const at = new Date(this.current);
    this.current = new Date(this.current.getTime() + this.tick);
    return at;
  }
  /** From now on every reading moves the clock on by `ms`, so no two readings are equal. */
  ticking(ms: number): void {
    this.tick = ms;
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestBot extends RunningBot {
  dataDir: string;
  storeSettings: StartOptions['storeSettings'];
  clock: TestClock;
  dispose(): Promise<void>;
}

export type BackendName = 'sqlite' | 'cosmos';
export const BACKEND_NAMES: BackendName[] = ['sqlite', 'cosmos'];

/**
 * The store settings for a backend: a fresh SQLite folder, or a fresh database on a local Cosmos
 * DB peer (started once per test file and shared).
 */
let peer: Promise<LocalCosmos> | undefined;
export async function storeFor(backend: BackendName): Promise<StartOptions['storeSettings'] | undefined> {
  if (backend === 'sqlite') return undefined;
  peer ??= startLocalCosmos();
  const cosmos = await peer;
  return {
    kind: 'cosmos',
    endpoint: cosmos.endpoint,
    key: cosmos.key,
    databaseId: `bot-${randomUUID()}`,
    agent: cosmos.agent,
  };
}

export async function stopLocalCosmos(): Promise<void> {
  if (peer) await (await peer).stop();
  peer = undefined;
}

/** Starts the real bot (real HTTP endpoint, real store) on a free loopback port, in local mode. */
export async function startTestBot(
  options: StartOptions & { env?: Record<string, string>; dataDir?: string; now?: string } = {},
): Promise<TestBot> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'atgardsplan-bot-'));
  const clock = new TestClock(new Date(options.now ?? '2026-11-28T10:00:00+01:00'));
  const config = readConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    // Every line is written, to be screened for personal identity numbers (leakCheck.ts); none is printed.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'debug',
    SCHEDULER: 'off',
    ...options.env,
  });
  const bot = await startBot(config, {
    clock,
    host: '127.0.0.1',
    ...(process.env.TEST_LOG_LEVEL ? {} : { logDestination: screenedLogDestination }),
    ...options,
  });
  return {
    ...bot,
    dataDir,
    storeSettings: options.storeSettings,
    clock,
    dispose: async () => {
      await bot.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
