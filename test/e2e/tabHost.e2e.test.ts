import { execFileSync } from 'node:child_process';
import { startTestBot, type TestBot } from '../support/bot';
import { USERS } from '../support/teams';
import { launchBrowser, type BrowserSession } from './support/browser';
import { shot } from './support/session';
import { THEME_BACKGROUND, backgroundWithin } from './support/theme';

/**
 * The channel tab's configuration page, framed by a stand-in for the Teams host at the TeamsJS protocol level.
 * The Agents Playground has no tabs, so the host here is a page of the test's own: it frames `/tab?vy=konfiguration`
 * and answers TeamsJS 2's postMessage calls as Teams does for a configurable tab (frame context `settings`):
 * `initialize`, `getContext`, `registerHandler`, `settings.setValidityState`, `settings.setSettings`, and the
 * host's own `settings.save` when a person presses Spara in Teams' dialog.
 */
const HOST_PATH = '/teams-host-stand-in';

/**
 * The host page, served once for every test: it frames the configuration page for `?som=` and hands it Teams'
 * theme `?tema=`. Every message from the frame is logged to `window.calls`; `window.pressSave()` is Teams' Spara,
 * `window.changeTheme(name)` a person switching Teams' theme.
 */
function hostPage(): string {
  const runtime = JSON.stringify({ apiVersion: 4, supports: { pages: { config: {} }, teamsCore: {} } });
  return `<!doctype html><html lang="sv"><head><title>Teams (stand-in)</title></head><body>
<iframe id="tab" title="Fliken" style="width:1200px;height:800px;border:0"></iframe>
<script>
const own = new URLSearchParams(location.search);
window.calls = [];
const frame = document.getElementById('tab');
frame.src = '/tab?vy=konfiguration&som=' + encodeURIComponent(own.get('som'));
const tell = (message) => frame.contentWindow.postMessage(message, location.origin);
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || typeof event.data?.func !== 'string') return;
  const { id, func, args } = event.data;
  window.calls.push({ func, args });
  if (func === 'initialize') tell({ id, args: ['settings', 'web', ${JSON.stringify(runtime)}, '2.0.0'] });
  else if (func === 'getContext') tell({ id, args: [{ frameContext: 'settings', theme: own.get('tema'), locale: 'sv-se', hostClientType: 'web' }] });
  else if (func === 'settings.setSettings') tell({ id, args: [true] });
});
window.pressSave = () => tell({ func: 'settings.save', args: [{}] });
window.changeTheme = (name) => tell({ func: 'themeChange', args: [name] });
</script></body></html>`;
}

/** What `pages.config.setConfig` hands Teams. */
interface TabConfig {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
}

interface Call {
  func: string;
  args: unknown[];
}

describe('the channel tab in a Teams host: the configuration page picks the plan', () => {
  let bot: TestBot;
  let browser: BrowserSession;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/buildTab.mjs'], { stdio: 'inherit' });
    bot = await startTestBot({ env: { DEPLOYMENT_FILE: 'deployments/local-two-plans.json' } });
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    await browser.context.route(`${bot.url}${HOST_PATH}?*`, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: hostPage() }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.dispose();
  });

  const openInHost = async (userId: string, theme = 'default') => {
    const { page } = browser;
    await page.goto(`${bot.url}${HOST_PATH}?som=${encodeURIComponent(userId)}&tema=${theme}`);
    const frame = page.frameLocator('#tab');
    await frame.getByRole('heading', { name: 'Vilken plan ska fliken visa?' }).waitFor();
    return { page, frame, calls: () => page.evaluate<Call[]>('window.calls') };
  };

  it('a person picks a plan, Spara gives Teams the tab for that plan, and the saved tab shows that plan', async () => {
    const { page, frame, calls } = await openInHost(USERS.karin.aadObjectId);
    expect((await calls()).map((c) => c.func)).toEqual(
      expect.arrayContaining(['initialize', 'registerHandler', 'settings.setValidityState']),
    );
    const handlers = (await calls()).filter((c) => c.func === 'registerHandler').map((c) => c.args[0]);
    expect(handlers).toContain('save'); // and 'themeChange': the page follows Teams' theme as it changes

    await frame.getByRole('combobox', { name: 'Plan' }).click();
    await frame.getByRole('option', { name: 'Exempel: handläggningstider i barn och unga' }).click();
    await page.screenshot({ path: shot('flik-konfiguration.png') });
    await page.evaluate('window.pressSave()');
    await page.waitForFunction("window.calls.some((c) => c.func === 'settings.save.success')");

    const all = await calls();
    const validity = all.filter((c) => c.func === 'settings.setValidityState').map((c) => c.args[0]);
    expect(validity.at(-1)).toBe(true);
    const saved = all.filter((c) => c.func === 'settings.setSettings');
    expect(saved).toHaveLength(1);
    const config = saved[0]!.args[0] as TabConfig;
    expect(config.entityId).toBe('plan-exempel-handlaggning');
    expect(config.suggestedDisplayName).toBe('Uppföljning: Exempel: handläggningstider i barn och unga');
    const content = new URL(config.contentUrl);
    expect(content.origin).toBe(bot.url);
    expect(content.searchParams.get('plan')).toBe('exempel-handlaggning');
    expect(new URL(config.websiteUrl).searchParams.get('plan')).toBe('exempel-handlaggning');

    // The tab Teams then shows in the channel: the content URL, for the same person.
    content.searchParams.set('som', USERS.karin.aadObjectId);
    await page.goto(content.toString());
    await page.getByRole('heading', { name: 'Översikt' }).waitFor();
    await page.getByText('Exempel: handläggningstider i barn och unga').first().waitFor();
  });

  it("saving without changing the choice gives the first plan the person may see; the page wears Teams' theme", async () => {
    const { page, frame, calls } = await openInHost(USERS.maria.aadObjectId, 'dark');
    expect(await backgroundWithin(frame, THEME_BACKGROUND.dark)).toBe(THEME_BACKGROUND.dark);
    await page.evaluate("window.changeTheme('contrast')");
    expect(await backgroundWithin(frame, THEME_BACKGROUND.contrast)).toBe(THEME_BACKGROUND.contrast);

    await page.evaluate('window.pressSave()');
    await page.waitForFunction("window.calls.some((c) => c.func === 'settings.save.success')");
    const config = (await calls()).find((c) => c.func === 'settings.setSettings')!.args[0] as TabConfig;
    expect(config.entityId).toBe('plan-ha-familjehem');
    expect(new URL(config.contentUrl).searchParams.get('vy')).toBe('kanal');
  });
});
