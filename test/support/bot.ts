import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../src/config/env';
import { startBot, type RunningBot, type StartOptions } from '../../src/index';
import type { Clock } from '../../src/app/ports';

/** A clock the test sets; starts at the given instant. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
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
  clock: TestClock;
  dispose(): Promise<void>;
}

/** Starts the real bot (real HTTP endpoint, real store) on a free loopback port, in local mode. */
export async function startTestBot(
  options: StartOptions & { env?: Record<string, string>; dataDir?: string; now?: string } = {},
): Promise<TestBot> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'atgardsplan-bot-'));
  const clock = new TestClock(new Date(options.now ?? '2026-11-28T10:00:00+01:00'));
  const config = readConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...options.env });
  const bot = await startBot(config, { clock, host: '127.0.0.1', ...options });
  return {
    ...bot,
    dataDir,
    clock,
    dispose: async () => {
      await bot.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
