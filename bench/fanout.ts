/**
 * Fan-out benchmark: one prompt cycle to 1,000 owners through the real bot (real store, real
 * scheduler, real notifier and Bot Framework SDK) against a local Bot Connector that enforces
 * Teams' rate limits, compared with the theoretical bound and with the same fan-out against a
 * connector that enforces none. Run with `npm run bench`; see bench/README.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readConfig } from '../src/config/env';
import { startBot, type RunningBot } from '../src/index';
import type { Clock } from '../src/app/ports';
import type { TickReport } from '../src/app/scheduling/scheduler';
import { TEAMS_LIMITS, type DeliveryLimits } from '../src/teams/notifier';
import { TEAMS_PER_APP, TEAMS_PER_CONVERSATION, type RateWindow } from '../src/teams/delivery/pacer';
import { syntheticDeployment, syntheticUser } from '../test/support/synthetic';

const OWNERS = Number(process.env.BENCH_OWNERS ?? 1000);
/** How long the receiver takes to answer, like the real service over a network; 0 = loopback speed. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);
/** 2026-11-30 is the schedule's anchor; 09:00 Europe/Stockholm is 08:00Z. */
const BEFORE_CYCLE = '2026-11-30T07:00:00Z';
const CYCLE_DUE = '2026-11-30T08:00:30Z';

/** A clock the benchmark sets. */
const settableClock = (at: string): Clock & { set(at: string): void } => {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => (current = new Date(next)),
  };
};

/** Timestamps within the window, oldest first; `count(now)` drops what has slid out. */
class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;
  constructor(
    readonly limit: number,
    private readonly windowMs: number,
  ) {}
  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }
  add(now: number): void {
    this.times.push(now);
  }
}

interface Receiver {
  url: string;
  /** Messages accepted (200) per conversation id. */
  accepted: Map<string, number>;
  requests: number;
  throttled: number;
  /** The most requests accepted for the app within any one-second window. */
  peakAppRate: number;
  close(): Promise<void>;
}

const windowsOf = (windows: readonly RateWindow[]): SlidingWindow[] =>
  windows.map((w) => new SlidingWindow(w.limit, w.perMs));

/**
 * A stand-in for the Bot Connector service at the conversations' serviceUrl. With `enforce`, a
 * request beyond any of Teams' documented windows (per app: 50 in 1 s; per conversation: 7 in 1 s,
 * 8 in 2 s, 60 in 30 s, 1,800 in an hour; sliding windows over the requests it accepted) gets 429
 * with Retry-After: 1, as Teams answers.
 */
async function startReceiver(enforce: boolean, latencyMs: number): Promise<Receiver> {
  const app = windowsOf(TEAMS_PER_APP);
  const perConversation = new Map<string, SlidingWindow[]>();
  const receiver: Omit<Receiver, 'url' | 'close'> = { accepted: new Map(), requests: 0, throttled: 0, peakAppRate: 0 };
  let nextId = 1;

  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    // The SDK posts a proactive message as a reply: /v3/conversations/:id/activities/:replyToId.
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]*)?$/.exec(req.url?.split('?')[0] ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: `${req.method} ${req.url}` } }));
      return;
    }
    receiver.requests++;
    const conversationId = decodeURIComponent(match[1]!);
    const now = performance.now();
    let windows = perConversation.get(conversationId);
    if (!windows) perConversation.set(conversationId, (windows = windowsOf(TEAMS_PER_CONVERSATION)));
    const appCount = app[0]!.count(now);
    const full = [...app, ...windows].some((w) => w.count(now) >= w.limit);
    if (enforce && full) {
      receiver.throttled++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
      return;
    }
    for (const w of [...app, ...windows]) w.add(now);
    receiver.peakAppRate = Math.max(receiver.peakAppRate, appCount + 1);
    receiver.accepted.set(conversationId, (receiver.accepted.get(conversationId) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${nextId++}` }));
  };

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => (latencyMs > 0 ? setTimeout(() => answer(req, res), latencyMs) : answer(req, res)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Heap in use, sampled while a run lasts. */
function heapSampler(): { before: number; stop(): number } {
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  return {
    before,
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().heapUsed);
    },
  };
}

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

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
const secs = (s: number): string => `${s.toFixed(1)} s`.padStart(7);

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
