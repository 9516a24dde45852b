/**
 * City scale: 30 plans and 2,000 owners in one deployment, every plan's Monday prompts and weekly
 * summary due in the same minute, all through the one shared pacer, against a Bot Connector
 * stand-in that answers 429 beyond any of Teams' windows. Prints the time against the app-wide
 * bound (messages ÷ 50/s), duplicates, missing, 429 answers and the heap over the run.
 *
 *   npm run build && node --expose-gc dist/bench/city.js   (BENCH_PLANS, BENCH_OWNERS to change the size)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../src/config/env';
import { startBot, type RunningBot } from '../src/index';
import { TEAMS_PER_APP } from '../src/teams/delivery/pacer';
import { TEAMS_LIMITS } from '../src/teams/notifier';
import { personalConversation } from '../test/support/fixtures';
import { syntheticPlanJson, syntheticUser } from '../test/support/synthetic';
import { mb, secs, settableClock, startReceiver } from './support/teamsStandIn';

const PLANS = Number(process.env.BENCH_PLANS ?? 30);
const OWNERS = Number(process.env.BENCH_OWNERS ?? 2000);
/** 2026-11-30 is a Monday; 09:00 Europe/Stockholm is 08:00Z. */
const BEFORE_CYCLE = '2026-11-30T07:00:00Z';
const CYCLE_DUE = '2026-11-30T08:00:30Z';
const SCHEDULE = {
  prompts: { cron: '0 9 * * 1', everyWeeks: 1, anchor: '2026-11-30' },
  reminders: { afterWorkingDays: 3, max: 2 },
  summary: { cron: '0 9 * * 1' },
};

const channelOf = (p: number): string => `city-channel-${p}`;
const planIdOf = (p: number): string => `stad-${p + 1}`;

/** Owners spread over the plans as evenly as they go: the first plans get one more. */
function ownersPerPlan(): number[] {
  return Array.from({ length: PLANS }, (_, p) => Math.floor(OWNERS / PLANS) + (p < OWNERS % PLANS ? 1 : 0));
}

/** One deployment file with every plan, each with its own owners, the same schedule. */
function cityDeployment(dir: string): string {
  let first = 0;
  const plans = ownersPerPlan().map((owners, p) => {
    const { plan, deployment } = syntheticPlanJson(owners, { id: planIdOf(p), firstOwner: first });
    first += owners;
    const planFile = join(dir, `${plan.id}.json`);
    writeFileSync(planFile, JSON.stringify(plan));
    return { ...deployment, planFile, schedule: SCHEDULE };
  });
  const file = join(dir, 'deployment.json');
  writeFileSync(file, JSON.stringify({ plans }));
  return file;
}

async function seed(running: RunningBot, connectorUrl: string): Promise<void> {
  for (let i = 0; i < OWNERS; i++) {
    const base = personalConversation(syntheticUser(i).userId);
    await running.store.conversations.saveConversation({
      ...base,
      reference: {
        ...base.reference,
        serviceUrl: connectorUrl,
        conversation: { id: `a:owner-${i}`, conversationType: 'personal' },
      },
    });
  }
  for (let p = 0; p < PLANS; p++) {
    const key = `channel:${channelOf(p)}`;
    await running.store.conversations.saveConversation({
      key,
      kind: 'channel',
      teamId: channelOf(p),
      reference: {
        conversation: { id: channelOf(p), conversationType: 'channel' },
        serviceUrl: connectorUrl,
        bot: { id: 'bot', name: 'Åtgärdsplan' },
      },
      updatedAt: BEFORE_CYCLE,
      gone: false,
    });
    await running.store.schedule.linkChannel({
      planId: planIdOf(p),
      conversationKey: key,
      teamId: channelOf(p),
      linkedBy: 'admin',
      linkedAt: BEFORE_CYCLE,
    });
  }
}

/** Live heap, after a full collection where `--expose-gc` allows it (what is kept, not what awaits collection). */
const liveHeap = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

/** The heap every second while the cycle runs: flat if the last third holds what the first did. */
function heapOverRun(): { stop(): { first: number; last: number; peak: number } } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(liveHeap()), 1000);
  return {
    stop: () => {
      clearInterval(timer);
      samples.push(liveHeap());
      const third = Math.max(1, Math.floor(samples.length / 3));
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      return { first: mean(samples.slice(0, third)), last: mean(samples.slice(-third)), peak: Math.max(...samples) };
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atgardsplan-city-'));
  const receiver = await startReceiver(!process.env.BENCH_UNPACED, 0);
  const clock = settableClock(BEFORE_CYCLE);
  let running: RunningBot | undefined;
  try {
    running = await startBot(
      readConfig({
        PORT: '0',
        DATA_DIR: join(dir, 'data'),
        DEPLOYMENT_FILE: cityDeployment(dir),
        LOG_LEVEL: 'silent',
        SCHEDULER: 'off',
      }),
      {
        clock,
        host: '127.0.0.1',
        instanceId: 'bench-city',
        ...(process.env.BENCH_UNPACED ? { limits: { ...TEAMS_LIMITS, perApp: [], perConversation: [] } } : {}),
      },
    );
    await seed(running, receiver.url);
    process.stdout.write(`city scale: ${PLANS} plans, ${OWNERS} owners, prompts and summaries due together…\n`);

    await running.scheduler.tick(); // creates the cursors the hour before: nothing is due
    clock.set(CYCLE_DUE);
    const heap = heapOverRun();
    const started = performance.now();
    await running.scheduler.tick();
    const seconds = (performance.now() - started) / 1000;
    const memory = heap.stop();

    const copies = Array.from({ length: OWNERS }, (_, i) => receiver.accepted.get(`a:owner-${i}`) ?? 0);
    const summaries = Array.from({ length: PLANS }, (_, p) => receiver.accepted.get(channelOf(p)) ?? 0);
    const duplicates = copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const missing = copies.filter((n) => n === 0).length;
    const messages = OWNERS + PLANS;
    const bound = messages / TEAMS_PER_APP[0]!.limit;
    const lines = [
      `${messages} messages (${OWNERS} prompts, ${PLANS} summaries): ${secs(seconds)}`,
      `app-wide bound (${messages} ÷ ${TEAMS_PER_APP[0]!.limit}/s):  ${secs(bound)}   ratio ${(seconds / bound).toFixed(2)} (target ≤ 1.05)`,
      `duplicates: ${duplicates}   missing: ${missing}   429 answers: ${receiver.throttled}   ` +
        `peak accepted/s: ${receiver.peakAppRate}`,
      `summaries posted: ${summaries.filter((n) => n === 1).length} of ${PLANS} once, ` +
        `${summaries.filter((n) => n > 1).length} more than once, ${summaries.filter((n) => n === 0).length} missing`,
      `heap: first third ${mb(memory.first)}, last third ${mb(memory.last)} ` +
        `(ratio ${(memory.last / memory.first).toFixed(2)}), peak ${mb(memory.peak)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const failed = duplicates + missing > 0 || summaries.some((n) => n !== 1);
    if (failed) process.stderr.write('FAIL: an owner or a channel got no message, or more than one\n');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await running?.close();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
