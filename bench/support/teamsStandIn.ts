/**
 * What the benchmarks drive the bot against: a stand-in for the Bot Connector service that
 * enforces Teams' documented rate limits, a clock the benchmark sets, and a heap sampler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/app/ports';
import { TEAMS_PER_APP, TEAMS_PER_CONVERSATION, type RateWindow } from '../../src/teams/delivery/pacer';

/** A clock the benchmark sets. */
export const settableClock = (at: string): Clock & { set(at: string): void } => {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => (current = new Date(next)),
  };
};

/** Timestamps within the window, oldest first; `count(now)` drops what has slid out. */
export class SlidingWindow {
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

export interface Receiver {
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
export async function startReceiver(enforce: boolean, latencyMs: number): Promise<Receiver> {
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
export function heapSampler(): { before: number; stop(): number } {
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

export const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
export const secs = (s: number): string => `${s.toFixed(1)} s`.padStart(7);
