/**
 * The tab at size: 1,000 activities and 100,000 answers on the embedded store. Prints the API's
 * answer time (p50/p95) for an owner and for the whole plan, with /api/tab/me as the baseline of
 * the same run; the first render in headless Chromium; and the bundle's size, gzipped.
 *
 *   npm run build && node dist/bench/tab.js [--quick]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { readConfig } from '../src/config/env';
import { startBot } from '../src/index';
import { answer } from '../test/support/fixtures';
import { syntheticPlanJson, syntheticUser } from '../test/support/synthetic';

const QUICK = process.argv.includes('--quick');
const ACTIVITIES = 1_000;
const ANSWERS = QUICK ? 10_000 : 100_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atgardsplan-tab-bench-'));
  const { plan, deployment } = syntheticPlanJson(ACTIVITIES);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  writeFileSync(join(dir, 'deployment.json'), JSON.stringify({ ...deployment, planFile: join(dir, 'plan.json') }));
  const tabDir = join(__dirname, '..', 'tab');
  const running = await startBot(
    readConfig({
      PORT: '0',
      DATA_DIR: join(dir, 'data'),
      LOG_LEVEL: 'silent',
      SCHEDULER: 'off',
      DEPLOYMENT_FILE: join(dir, 'deployment.json'),
      TAB_DIR: tabDir,
    }),
    { host: '127.0.0.1' },
  );
  const activities = plan.recommendations.flatMap((r) => r.activities);
  try {
    process.stdout.write(`Fyller på ${ANSWERS} svar över ${ACTIVITIES} aktiviteter …\n`);
    for (let i = 0; i < ANSWERS; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => {
          const n = i + j;
          const a = activities[n % activities.length]!;
          const owner = syntheticUser(n % activities.length);
          return running.store.answers.appendAnswer(
            answer({
              planId: plan.id,
              activityId: a.id,
              ownerRole: a.ownerRole,
              answeredBy: { userId: owner.userId, name: owner.name },
              answeredAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
              milestonesReached: [],
              indicators: {},
              evidenceUrl: `https://intranat.example.se/${a.id}/${n}`,
              promptId: `bench-${n}`,
            }),
          );
        }),
      );
    }
    const owner = syntheticUser(7).userId;
    const paths: Array<[string, string, string]> = [
      ['/api/tab/me (baseline)', '/api/tab/me', owner],
      ["an owner's plan view (1 activity, its latest answer)", `/api/tab/plans/${plan.id}`, owner],
      [
        "an owner's activity history (100 answers)",
        `/api/tab/plans/${plan.id}/activities/${activities[7]!.id}/history`,
        owner,
      ],
      [`the whole plan (${ACTIVITIES} activities, latest answers of ${ANSWERS})`, `/api/tab/plans/${plan.id}`, 'admin'],
    ];
    const rows: string[] = [];
    let baseline = 0;
    for (const [name, path, userId] of paths) {
      const get = async () => {
        const res = await fetch(`${running.url}${path}`, { headers: { 'x-lokal-anvandare': userId } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      };
      const runs = path.endsWith('/me') || userId !== 'admin' ? (QUICK ? 50 : 200) : QUICK ? 10 : 100;
      for (let i = 0; i < 3; i++) await get();
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await get();
        times.push(performance.now() - t);
      }
      const p95 = percentile(times, 95);
      if (!baseline) baseline = p95;
      rows.push(
        `| ${name} | ${percentile(times, 50).toFixed(1)} ms | ${p95.toFixed(1)} ms | ${(p95 / baseline).toFixed(2)} | ≤ 50 ms ${p95 <= 50 ? '✔' : '✘'} |`,
      );
    }

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const renders: Array<[string, string]> = [
      ['an owner', owner],
      ['the whole plan (administrator)', 'admin'],
    ];
    for (const [who, userId] of renders) {
      const times: number[] = [];
      for (let i = 0; i < (QUICK ? 2 : 5); i++) {
        const page = await browser.newPage();
        const t = performance.now();
        await page.goto(`${running.url}/tab?som=${encodeURIComponent(userId)}`);
        await page.getByRole('heading', { name: 'Översikt' }).waitFor({ timeout: 120_000 });
        times.push(performance.now() - t);
        await page.close();
      }
      const med = percentile(times, 50);
      rows.push(
        `| first render in Chromium, ${who} | ${med.toFixed(0)} ms | – | – | ≤ 1 s ${med <= 1000 ? '✔' : '✘'} |`,
      );
    }
    await browser.close();

    const js = readFileSync(join(tabDir, 'tab.js'));
    const gz = gzipSync(js).length / 1024;
    rows.push(
      `| tab.js, minified / gzipped | ${(js.length / 1024).toFixed(0)} KB | ${gz.toFixed(0)} KB gz | – | ≤ 350 KB ${gz <= 350 ? '✔' : '✘'} |`,
    );
    process.stdout.write(
      [
        '',
        '| path | p50 (median) | p95 | p95 ÷ baseline | target |',
        '| --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  if (!process.argv.includes('--no-build'))
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'buildTab.mjs')]);
  void main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
