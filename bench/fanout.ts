/**
 * Fan-out benchmark: one prompt cycle to 1,000 owners through the real bot (real store, real
 * scheduler, real notifier and Bot Framework SDK) against a local Bot Connector that enforces
 * Teams' rate limits, compared with the theoretical bound and with the same fan-out against a
 * connector that enforces none. Run with `npm run bench`; see bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../src/config/env';
import { startBot, type RunningBot } from '../src/index';
import type { TickReport } from '../src/app/scheduling/scheduler';
import { TEAMS_LIMITS, type DeliveryLimits } from '../src/teams/notifier';
import { TEAMS_PER_APP } from '../src/teams/delivery/pacer';
import { syntheticDeployment, syntheticUser } from '../test/support/synthetic';
import { heapSampler, mb, secs, settableClock, startReceiver, type Receiver } from './support/teamsStandIn';

const OWNERS = Number(process.env.BENCH_OWNERS ?? 1000);
/** How long the receiver takes to answer, like the real service over a network; 0 = loopback speed. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
/** 2026-11-30 is the schedule's anchor; 09:00 Europe/Stockholm is 08:00Z. */
const BEFORE_CYCLE = '2026-11-30T07:00:00Z';
const CYCLE_DUE = '2026-11-30T08:00:30Z';

interface RunResult {
  seconds: number;
  report: TickReport;
  receiver: Receiver;
  duplicates: number;
  missing: number;
  heapBefore: number;
  heapPeak: number;
}

/**
 * A fresh bot, data dir and receiver; one prompt cycle to every owner, timed. `enforce`: the
 * receiver answers 429 beyond Teams' limits; `limits`: the bot's own pacing (default Teams').
 */
async function fanOut(label: string, enforce: boolean, limits: DeliveryLimits = TEAMS_LIMITS): Promise<RunResult> {
  const deploymentFile = syntheticDeployment(OWNERS);
  const dataDir = mkdtempSync(join(tmpdir(), 'atgardsplan-bench-'));
  const receiver = await startReceiver(enforce, LATENCY_MS);
  const clock = settableClock(BEFORE_CYCLE);
  const heap = heapSampler();
  let running: RunningBot | undefined;
  try {
    running = await startBot(
      readConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        DEPLOYMENT_FILE: deploymentFile,
        LOG_LEVEL: 'silent',
        SCHEDULER: 'off',
      }),
      { clock, host: '127.0.0.1', instanceId: `bench-${label}`, limits },
    );
    const updatedAt = clock.now().toISOString();
    for (let i = 0; i < OWNERS; i++) {
      const { userId } = syntheticUser(i);
      await running.store.conversations.saveConversation({
        key: `personal:${userId}`,
        kind: 'personal',
        userId,
        reference: {
          serviceUrl: receiver.url,
          channelId: 'msteams',
          conversation: { id: `a:conv-${i}`, conversationType: 'personal', tenantId: 't' },
          bot: { id: 'bot', name: 'Åtgärdsplan' },
          user: { id: `u${i}`, aadObjectId: userId },
        },
        updatedAt,
        gone: false,
      });
    }

    await running.scheduler.tick(); // creates the cursors at 09:00 the Monday before: nothing is due
    clock.set(CYCLE_DUE);
    const started = performance.now();
    const report = await running.scheduler.tick();
    const seconds = (performance.now() - started) / 1000;
    const heapPeak = heap.stop();

    let duplicates = 0;
    let missing = 0;
    for (let i = 0; i < OWNERS; i++) {
      const n = receiver.accepted.get(`a:conv-${i}`) ?? 0;
      if (n === 0) missing++;
      else duplicates += n - 1;
    }
    return { seconds, report, receiver, duplicates, missing, heapBefore: heap.before, heapPeak };
  } finally {
    heap.stop();
    await running?.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(deploymentFile), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  process.stdout.write(
    `fan-out of ${OWNERS} prompts, one per owner${LATENCY_MS ? `, receiver latency ${LATENCY_MS} ms` : ''}: ` +
      'against the limits, then unthrottled, then with the bot’s pacing lifted…\n',
  );
  const limited = await fanOut('limited', true);
  const baseline = await fanOut('baseline', false);
  // The bot paces itself to 50/s whatever the receiver does, so only with its pacing lifted does
  // the time show what the bot itself costs per owner (store, cards, SDK, Bottleneck).
  const unpaced = await fanOut('unpaced', false, {
    ...TEAMS_LIMITS,
    perApp: [],
    perConversation: [],
  });
  const bound = OWNERS / TEAMS_PER_APP[0]!.limit;
  const runs = [limited, baseline, unpaced];

  const detail = (name: string, r: RunResult): string =>
    `${name} ${r.receiver.requests} requests, peak ${r.receiver.peakAppRate} accepted/s, duplicates ${r.duplicates}, ` +
    `missing ${r.missing}, 429 answers ${r.receiver.throttled}, peak heap ${mb(r.heapPeak)} ` +
    `(+${mb(r.heapPeak - r.heapBefore)}), tick ${JSON.stringify(r.report)}`;
  const lines = [
    `fan-out of ${OWNERS} prompts against Teams' limits: ${secs(limited.seconds)}`,
    `theoretical bound (${OWNERS} ÷ ${TEAMS_PER_APP[0]!.limit}/s):               ${secs(bound)}   ratio ${(limited.seconds / bound).toFixed(2)}`,
    `unthrottled baseline (same run):                 ${secs(baseline.seconds)}   ratio ${(limited.seconds / baseline.seconds).toFixed(1)}`,
    `bot alone, its pacing lifted (same run):         ${secs(unpaced.seconds)}   ` +
      `${((unpaced.seconds * 1000) / OWNERS).toFixed(1)} ms per owner`,
    `duplicates: ${limited.duplicates}   missing: ${limited.missing}   429 answers: ${limited.receiver.throttled}   ` +
      `peak heap: ${mb(limited.heapPeak)} (+${mb(limited.heapPeak - limited.heapBefore)})`,
    '',
    detail('limited run: ', limited),
    detail('baseline run:', baseline),
    detail('unpaced run: ', unpaced),
    `whole bench: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  const failed = runs.some((r) => r.duplicates + r.missing > 0);
  if (failed) process.stderr.write('FAIL: some owners got no prompt or more than one\n');
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
