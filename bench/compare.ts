/**
 * The bot side by side with a bare teams-ai v1 bot on restify (bench/bareBot.ts), on the same
 * invokes, in alternating rounds, in one run; then how its read paths scale with the answer
 * history. Prints ratios; `npm run bench` runs it before the fan-out. See bench/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readConfig } from '../src/config/env';
import { startBot } from '../src/index';
import type { StoreSettings } from '../src/storage/openStore';
import { LocalConnector, sentCard } from '../test/support/connector';
import { cardAction, messageActivity, USERS } from '../test/support/teams';
import { answer } from '../test/support/fixtures';
import { startLocalCosmos } from '../test/support/localCosmos';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 1 : 3;
const ROUND_MS = QUICK ? 1_000 : 2_500;
const ROOT = join(__dirname, '..', '..');
const MANY_ON_CARD = QUICK ? 1_000 : 4_500;
/** `--profile`: the side-by-side rounds only, the bot under --cpu-prof, and a summary of where its time went. */
const PROFILE = process.argv.includes('--profile');
const profileDir = PROFILE ? mkdtempSync(join(tmpdir(), 'atgardsplan-profile-')) : undefined;

interface Figure {
  path: string;
  bare: string;
  bot: string;
  ratio: number;
  target?: string;
  met?: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One POST over the keep-alive agent. A socket the server closed as idle just as it was reused
 * hangs up before the request reached the bot; that one is sent again, on a new socket.
 */
function post(url: string, body: unknown, again = true): Promise<{ status: number; body: string }> {
  const data = Buffer.from(JSON.stringify(body));
  const u = new URL('/api/messages', url);
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (again && req.reusedSocket && error.code === 'ECONNRESET') resolve(post(url, body, false));
      else reject(error);
    });
    req.end(data);
  });
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A bot in its own process; resolves once /healthz answers 200, with how long that took. */
async function spawnBot(kind: 'bare' | 'bot', env: Record<string, string>) {
  env = { ...env, PORT: String(await freePort()) };
  const started = performance.now();
  const args =
    kind === 'bare'
      ? [join(ROOT, 'dist/bench/bareBot.js')]
      : [
          ...(profileDir && env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
          '--require',
          join(ROOT, 'dist/src/telemetry/preload.js'),
          join(ROOT, 'dist/src/index.js'),
        ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: env.PORT ?? '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  child.once('exit', (code, signal) => {
    if (code && signal !== 'SIGTERM') process.stderr.write(`${kind} exited with ${code}: ${stderr}\n`);
  });
  const port = env.PORT!;
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} stopped at start: ${stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(new URL('/healthz', url), { agent }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) break;
    await sleep(5);
  }
  return { child, url, startMs: performance.now() - started };
}

function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Requests for `ms` at `concurrency`; each worker takes the next body from `next`. */
async function load(url: string, concurrency: number, ms: number, next: () => unknown) {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const res = await post(url, next());
        if (res.status !== 200) throw new Error(`answered ${res.status}: ${res.body.slice(0, 200)}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / (ms / 1000), p50: latencies[Math.floor(latencies.length / 2)] ?? 0 };
}

/** What the real prompt card for 2a sends on save, as Karin gets it from /uppdatera. */
async function promptData(url: string, connector: LocalConnector): Promise<Record<string, unknown>> {
  const before = connector.sent.length;
  await post(url, messageActivity(connector.url, USERS.karin, '/uppdatera'));
  let card: Record<string, unknown> | undefined;
  for (let expected = before + 1; !card; expected++) {
    const sent = (await connector.waitForSent(expected)).slice(before);
    card = sent
      .filter((s) => s.body.attachments?.length)
      .map((s) => sentCard(s))
      .find((c) => JSON.stringify(c.actions ?? []).includes('"activityId":"2a"'));
  }
  return (card.actions as Array<{ verb: string; data: Record<string, unknown> }>).find(
    (a) => a.verb === 'submitStatus',
  )!.data;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function sideBySide(figures: Figure[]): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atgardsplan-bench-'));
  const connector = await new LocalConnector().start();
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'silent', SCHEDULER: 'off', DEPLOYMENT_FILE: 'deployments/local.json' };
  const starts = { bare: [] as number[], bot: [] as number[] };
  const rss = { bare: [] as number[], bot: [] as number[] };
  // Start to healthy and idle memory: fresh processes, alternating.
  for (let round = 0; round < (PROFILE ? 0 : ROUNDS); round++) {
    for (const kind of round % 2 === 0 ? (['bare', 'bot'] as const) : (['bot', 'bare'] as const)) {
      const b = await spawnBot(kind, env);
      starts[kind].push(b.startMs);
      await sleep(1_500);
      rss[kind].push(rssMb(b.child));
      await stop(b.child);
    }
  }
  const bare = await spawnBot('bare', {});
  const bot = await spawnBot('bot', { ...env, PROFILE: '1' });
  try {
    // The real prompt card for 2a, as Karin gets it; every save sends it with a new comment.
    const submit = await promptData(bot.url, connector);
    let n = 0;
    const save = () =>
      cardAction(connector.url, USERS.karin, 'submitStatus', {
        ...submit,
        // A fresh prompt card each time, as each cycle's prompt is: n answers, not one card with n.
        promptId: randomUUID(),
        status: 'pågår',
        comment: `Svar nummer ${++n}`,
      });
    const status = () => cardAction(connector.url, USERS.maria, 'showStatus', { target: 'rek2' });
    // Warm both up.
    for (const b of [bare, bot]) await load(b.url, 4, 500, save);

    for (const [label, next, target] of [
      ['saving a prompt card (distinct answers)', save, 0.8],
      ['showStatus rek2 card', status, 0.9],
    ] as const) {
      for (const concurrency of [20, 1]) {
        const rps = { bare: [] as number[], bot: [] as number[] };
        const p50 = { bare: [] as number[], bot: [] as number[] };
        for (let round = 0; round < ROUNDS; round++) {
          for (const [kind, b] of round % 2 === 0
            ? ([
                ['bare', bare],
                ['bot', bot],
              ] as const)
            : ([
                ['bot', bot],
                ['bare', bare],
              ] as const)) {
            const r = await load(b.url, concurrency, ROUND_MS, next);
            rps[kind].push(r.rps);
            p50[kind].push(r.p50);
          }
        }
        const ratio = median(rps.bot) / median(rps.bare);
        figures.push({
          path: `${label}, concurrency ${concurrency}`,
          bare: `${Math.round(median(rps.bare))} req/s, p50 ${median(p50.bare).toFixed(1)} ms`,
          bot: `${Math.round(median(rps.bot))} req/s, p50 ${median(p50.bot).toFixed(1)} ms`,
          ratio,
          target: `≥ ${target}`,
          met: ratio >= target,
        });
      }
    }
    // One card saved again and again with a new comment each time (one person pressing Spara):
    // first given MANY_ON_CARD answers, then timed against fresh cards on the same bot.
    const oneCard = randomUUID();
    const again = () =>
      cardAction(connector.url, USERS.karin, 'submitStatus', {
        ...submit,
        promptId: oneCard,
        status: 'pågår',
        comment: `Svar nummer ${++n}`,
      });
    let given = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (given++ < MANY_ON_CARD) {
          const res = await post(bot.url, again());
          if (res.status !== 200) throw new Error(`answered ${res.status}`);
        }
      }),
    );
    const onCard = { fresh: [] as number[], many: [] as number[] };
    const onCardP50 = { fresh: [] as number[], many: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [kind, next] of round % 2 === 0
        ? ([
            ['fresh', save],
            ['many', again],
          ] as const)
        : ([
            ['many', again],
            ['fresh', save],
          ] as const)) {
        const r = await load(bot.url, 20, ROUND_MS, next);
        onCard[kind].push(r.rps);
        onCardP50[kind].push(r.p50);
      }
    }
    const cardRatio = median(onCard.many) / median(onCard.fresh);
    figures.push({
      path: `saving a card that already has ${MANY_ON_CARD.toLocaleString('en')} answers ÷ a fresh card, concurrency 20`,
      bare: `fresh: ${Math.round(median(onCard.fresh))} req/s, p50 ${median(onCardP50.fresh).toFixed(1)} ms`,
      bot: `${Math.round(median(onCard.many))} req/s, p50 ${median(onCardP50.many).toFixed(1)} ms`,
      ratio: cardRatio,
      target: '≥ 0.8',
      met: cardRatio >= 0.8,
    });
    if (PROFILE) return;
    const startRatio = median(starts.bot) / median(starts.bare);
    figures.push({
      path: 'start to healthy',
      bare: `${(median(starts.bare) / 1000).toFixed(2)} s`,
      bot: `${(median(starts.bot) / 1000).toFixed(2)} s`,
      ratio: startRatio,
      target: '≤ 1.5',
      met: startRatio <= 1.5,
    });
    const rssRatio = median(rss.bot) / median(rss.bare);
    figures.push({
      path: 'idle RSS',
      bare: `${Math.round(median(rss.bare))} MB`,
      bot: `${Math.round(median(rss.bot))} MB`,
      ratio: rssRatio,
      target: '≤ 1.3',
      met: rssRatio <= 1.3,
    });
  } finally {
    await stop(bare.child);
    await stop(bot.child);
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The read paths and a retried card with a small and a large history, in-process on one backend. */
async function history(
  figures: Figure[],
  backend: string,
  small: number,
  large: number,
  settings?: StoreSettings,
  charges?: Charges,
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'atgardsplan-bench-'));
  const connector = await new LocalConnector().start();
  const running = await startBot(readConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SCHEDULER: 'off' }), {
    host: '127.0.0.1',
    storeSettings: settings,
  });
  const activities = ['1a', '1b', '2a', '3a', '3b'];
  let seeded = 0;
  const seedTo = async (count: number) => {
    const batch: Promise<unknown>[] = [];
    for (; seeded < count; seeded++) {
      batch.push(
        running.store.answers.appendAnswer(
          answer({
            activityId: activities[seeded % activities.length],
            answeredAt: new Date(Date.UTC(2026, 0, 1) + seeded * 1000).toISOString(),
            promptId: `bench-${seeded}`,
          }),
        ),
      );
      // 50 at a time on SQLite; 10 on the Cosmos DB peer, where an answer is three requests and a
      // busy machine otherwise runs into the store's deadline.
      if (batch.length >= (settings?.kind === 'cosmos' ? 10 : 50)) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
  };
  const ask = async (user: (typeof USERS)[keyof typeof USERS], text: string) => {
    const before = connector.sent.length;
    await post(running.url, messageActivity(connector.url, user, text));
    await connector.waitForSent(before + 1);
  };
  const submit = await promptData(running.url, connector);
  const retry = () =>
    post(
      running.url,
      cardAction(connector.url, USERS.karin, 'submitStatus', {
        ...submit,
        status: 'pågår',
        comment: 'Samma svar igen',
      }),
    );
  const paths: Array<[string, () => Promise<unknown>]> = [
    ['/status 2a', () => ask(USERS.maria, '/status 2a')],
    ['/status (overview)', () => ask(USERS.maria, '/status')],
    ['weekly summary (/sammanfattning)', () => ask(USERS.maria, '/sammanfattning')],
    ['the same card retried', retry],
  ];
  const runs = QUICK ? 10 : 40;
  const time = async (run: () => Promise<unknown>) => {
    for (let i = 0; i < 5; i++) await run();
    const times: number[] = [];
    charges?.reset();
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return median(times);
  };
  try {
    await seedTo(small);
    // The card saved once, so 2a has a current status (with its latest answers) before anything is timed.
    await retry();
    const at = new Map<string, number>();
    for (const [name, run] of paths) at.set(name, await time(run));
    await seedTo(large);
    for (const [name, run] of paths) {
      const before = at.get(name)!;
      const after = await time(run);
      if (charges) charges.report(`${name}, ${large.toLocaleString('en')} answers`, runs);
      const ratio = after / before;
      figures.push({
        path: `${name}, ${small.toLocaleString('en')} → ${large.toLocaleString('en')} answers (${backend})`,
        bare: `${before.toFixed(1)} ms`,
        bot: `${after.toFixed(1)} ms`,
        ratio,
        target: '≤ 1.2',
        met: ratio <= 1.2,
      });
    }
  } finally {
    await running.close();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function compare(): Promise<Figure[]> {
  const figures: Figure[] = [];
  await sideBySide(figures);
  if (profileDir) {
    process.stdout.write(`${profileSummary(profileDir)}\n\n`);
    return figures;
  }
  await history(figures, 'SQLite', 100, QUICK ? 10_000 : 100_000);
  const cosmos = await startLocalCosmos();
  const charges = new Charges();
  try {
    await history(
      figures,
      'Cosmos peer',
      100,
      QUICK ? 1_000 : 10_000,
      {
        kind: 'cosmos',
        endpoint: cosmos.endpoint,
        key: cosmos.key,
        databaseId: `bench-${Date.now()}`,
        agent: cosmos.agent,
        onRequestCharge: charges.sink,
      },
      charges,
    );
  } finally {
    await cosmos.stop();
  }
  process.stdout.write(`${charges.table()}\n\n`);
  return figures;
}

/**
 * The request units (x-ms-request-charge) of each Cosmos DB operation during each timed path, per
 * turn. The local peer charges 1 for every request, so on it this counts requests; on a real
 * account the same table gives the cost per answer and per card.
 */
class Charges {
  private current = new Map<string, { units: number; count: number }>();
  private readonly rows: Array<{ path: string; perTurn: number; requests: number; by: string }> = [];

  readonly sink = (operation: string, units: number): void => {
    const entry = this.current.get(operation) ?? { units: 0, count: 0 };
    entry.units += units;
    entry.count += 1;
    this.current.set(operation, entry);
  };

  reset(): void {
    this.current = new Map();
  }

  report(path: string, turns: number): void {
    const entries = [...this.current.entries()].sort(([a], [b]) => a.localeCompare(b));
    const units = entries.reduce((n, [, e]) => n + e.units, 0);
    const requests = entries.reduce((n, [, e]) => n + e.count, 0);
    this.rows.push({
      path,
      perTurn: units / turns,
      requests: requests / turns,
      by: entries.map(([op, e]) => `${op} ${(e.count / turns).toFixed(1)}`).join(', '),
    });
  }

  table(): string {
    return [
      '| path (Cosmos peer) | RU per turn | requests per turn | operations per turn |',
      '| --- | --- | --- | --- |',
      ...this.rows.map((r) => `| ${r.path} | ${r.perTurn.toFixed(1)} | ${r.requests.toFixed(1)} | ${r.by} |`),
    ].join('\n');
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where the bot's CPU time went (self time), by package or file of ours, and the top functions. */
function profileSummary(dir: string): string {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return 'no profile written';
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const where = (url: string): string => {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1]!;
    const ours = /\/dist\/(src\/.*)$/.exec(url);
    if (ours) return ours[1]!;
    return url.startsWith('node:') ? url : url ? 'node internals' : '(engine: gc, idle, program)';
  };
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id)!;
    const place = where(node.callFrame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} (${place})`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `| ${k} | ${((100 * us) / total).toFixed(1)} % |`);
  return [
    `profile of the bot during the side-by-side rounds (${(total / 1e6).toFixed(1)} s of samples), self time:`,
    '',
    '| package or file | share |',
    '| --- | --- |',
    ...top(byPlace, 18),
    '',
    '| function | share |',
    '| --- | --- |',
    ...top(byFunction, 15),
  ].join('\n');
}

export function table(figures: Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.path} | ${f.bare} | ${f.bot} | ${f.ratio.toFixed(2)} | ${f.target ?? ''} ${f.met === undefined ? '' : f.met ? '✔' : '✘'} |`,
  );
  return [
    '| path | bare bot (history: small) | this bot (history: large) | ratio | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

if (require.main === module) {
  compare()
    .then((f) => process.stdout.write(`${table(f)}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    });
}
