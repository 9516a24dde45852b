/**
 * The bot as its own process, for the fault suite: the real composition root (startBot), the real
 * store and HTTP endpoint, with a clock shifted by CLOCK_OFFSET_MS so a scheduled slot falls due
 * within seconds, the scheduler woken every TICK_MS instead of every minute, and its lease shortened to
 * LEASE_TTL_MS when given; CLOCK_STEP_MS steps its clock CLOCK_STEP_AFTER_MS after start. SIGTERM does what
 * production's does: stop within the shutdown grace, then exit. With COSMOS_TEST_PEER=1 it uses
 * Cosmos DB at COSMOS_ENDPOINT and accepts the local peer's self-signed certificate (test code only).
 */
import { Agent } from 'node:https';
import { readConfig } from '../../../src/config/env';
import { SHUTDOWN_GRACE_MS, startBot } from '../../../src/index';

async function main(): Promise<void> {
  let offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
  // An NTP correction: the clock steps by CLOCK_STEP_MS, CLOCK_STEP_AFTER_MS after start.
  if (process.env.CLOCK_STEP_MS) {
    const step = Number(process.env.CLOCK_STEP_MS);
    setTimeout(() => (offset += step), Number(process.env.CLOCK_STEP_AFTER_MS ?? 0)).unref();
  }
  const tickMs = Number(process.env.TICK_MS ?? 250);
  const config = readConfig({ ...process.env, SCHEDULER: 'off' });
  const storeSettings =
    process.env.COSMOS_TEST_PEER === '1' && config.store.kind === 'cosmos'
      ? { ...config.store, agent: new Agent({ rejectUnauthorized: false, keepAlive: true }) }
      : undefined;
  const bot = await startBot(config, {
    storeSettings,
    clock: { now: () => new Date(Date.now() + offset) },
    host: '127.0.0.1',
    leaseTtlMs: process.env.LEASE_TTL_MS ? Number(process.env.LEASE_TTL_MS) : undefined,
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
