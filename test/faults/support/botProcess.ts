/**
 * The bot as its own process, for the fault suite: the real composition root (startBot), the real
 * store and HTTP endpoint, with a clock shifted by CLOCK_OFFSET_MS so a scheduled slot falls due
 * within seconds, and the scheduler woken every TICK_MS instead of every minute. SIGTERM does what
 * production's does: stop within the shutdown grace, then exit.
 */
import { readConfig } from '../../../src/config/env';
import { SHUTDOWN_GRACE_MS, startBot } from '../../../src/index';

async function main(): Promise<void> {
  const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
  const tickMs = Number(process.env.TICK_MS ?? 250);
  const bot = await startBot(readConfig({ ...process.env, SCHEDULER: 'off' }), {
    clock: { now: () => new Date(Date.now() + offset) },
    host: '127.0.0.1',
  });
  process.stdout.write(`READY ${bot.url}\n`);
  const timer = setInterval(() => void bot.scheduler.tick().catch(() => undefined), tickMs);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    void bot.close(SHUTDOWN_GRACE_MS).finally(() => process.exit(0));
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`botProcess: ${(error as Error).stack}\n`);
  process.exit(1);
});
