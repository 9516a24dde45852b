import { execFileSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus } from '../../src/app/recordStatus';
import { allActivities } from '../../src/domain/plan';
import { startTestBot, type TestBot } from '../support/bot';
import { USERS } from '../support/teams';
import { launchBrowser, type BrowserSession } from './support/browser';
import { shot } from './support/session';
import { THEME_BACKGROUND, backgroundOf } from './support/theme';

/**
 * The tab in headless Chromium as each role and in light, dark and high contrast, against the bot in local mode
 * (the Playground's people, picked by the page): what each role sees, and axe-core's verdict.
 */
const { plan, deployment } = loadDeployment('deployments/local.json');

const ROLES = [
  { name: 'ledning', userId: USERS.maria.aadObjectId, sees: allActivities(plan).map((a) => a.id) },
  {
    name: 'agare',
    userId: USERS.karin.aadObjectId,
    sees: allActivities(plan)
      .filter((a) => deployment.owners.find((o) => o.role === a.ownerRole)?.owner.userId === USERS.karin.aadObjectId)
      .map((a) => a.id),
  },
  { name: 'lasare', userId: 'utan-roll', sees: [] as string[] },
];
const THEMES = [
  ['ljus', 'default'],
  ['mork', 'dark'],
  ['kontrast', 'contrast'],
] as const;

describe('the tab in a browser, as each role and theme', () => {
  let bot: TestBot;
  let browser: BrowserSession;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/buildTab.mjs'], { stdio: 'inherit' });
    bot = await startTestBot({ now: '2026-11-28T10:00:00+01:00' });
    const record = new RecordStatus({
      plan,
      deployment,
      answers: bot.store.answers,
      states: bot.store.states,
      clock: bot.clock,
    });
    bot.clock.set('2026-10-20T09:00:00+02:00');
    for (const round of [0, 1, 2]) {
      bot.clock.advance(10 * 86_400_000);
      for (const [i, a] of allActivities(plan).entries()) {
        bot.clock.advance(60_000);
        const owner = deployment.owners.find((o) => o.role === a.ownerRole)!.owner;
        const indicator = a.indicators[0];
        const outcome = await record.submit({
          activityId: a.id,
          promptId: `e2e-${a.id}-${round}`,
          actor: owner,
          draft: {
            status: round === 2 && i % 2 ? 'risk' : 'pågår',
            comment: `Avstämning ${round + 1} för ${a.id}`,
            milestonesReached: [],
            indicators: indicator
              ? { [indicator.id]: Math.round(indicator.min + ((indicator.max - indicator.min) * (round + i)) / 10) }
              : {},
            evidenceUrl: `https://intranat.example.se/underlag/${a.id}/${round}`,
          },
        });
        expect(outcome.kind).toBe('saved');
      }
    }
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.dispose();
  });

  for (const role of ROLES) {
    for (const [themeName, theme] of THEMES) {
      it(`as ${role.name} in the ${themeName} theme: sees what the role allows, and axe finds nothing serious`, async () => {
        const { page } = browser;
        await page.goto(`${bot.url}/tab?som=${encodeURIComponent(role.userId)}&tema=${theme}`);
        await page.getByRole('heading', { name: 'Översikt' }).waitFor();
        await page.getByRole('heading', { name: 'Rapporter' }).waitFor();
        expect(await backgroundOf(page)).toBe(THEME_BACKGROUND[theme]);
        // An owner's few activities (and this small plan's all) have their histories fetched after the overview.
        await page.getByText('Hämtar svaren …').waitFor({ state: 'detached' });

        for (const r of plan.recommendations) await page.getByRole('cell', { name: r.title }).first().waitFor();
        const linkLocators = await page.getByRole('link', { name: /Öppna underlag/ }).all();
        const links = await Promise.all(linkLocators.map(async (l) => (await l.getAttribute('href')) ?? ''));
        const linked = new Set(links.map((href) => href.split('/')[4]));
        expect([...linked].sort()).toEqual([...role.sees].sort());

        // Fluent's focus manager (tabster) puts aria-hidden, focusable <i> sentinels around the chart
        // that hand focus on at once; axe reads them as focusable hidden content. They are left out
        // of the run, everything else of the page is checked.
        const results = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

        await page.screenshot({ path: shot(`flik-${role.name}-${themeName}.png`), fullPage: true });
      });
    }
  }

  it("the page without a chosen person offers the Playground's people and shows no plan data", async () => {
    const { page } = browser;
    await page.goto(`${bot.url}/tab`);
    await page.getByRole('button', { name: /Maria Sjöberg/ }).waitFor();
    expect(await page.content()).not.toContain('intranat');
    await page.getByRole('button', { name: /Karin Lind/ }).click();
    await page.getByRole('heading', { name: 'Översikt' }).waitFor();
    expect(page.url()).toContain(`som=${USERS.karin.aadObjectId}`);
  });
});
