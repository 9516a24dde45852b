import { join, resolve } from 'node:path';
import type { TestBot } from '../../support/bot';
import { launchBrowser, type BrowserSession } from './browser';
import { startPlayground, type Playground } from './playground';

const SCREENSHOTS = resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');

/** Where a screenshot of a kind of card is saved: docs/screenshots/<name>. */
export const shot = (name: string): string => join(SCREENSHOTS, name);

/** Wide enough for the cards (msteams width Full) next to the chat list and the log panel. */
export const VIEWPORT = { width: 1400, height: 1000 };

const t0 = Date.now();
/** With E2E_TIMINGS set, prints how far into the run a step finished. */
export const mark = (what: string): void => {
  if (process.env.E2E_TIMINGS) console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
};

/** The Playground as the given user (the yml's currentUser if none) in front of the bot, and a page on it. */
export async function openAs(
  bot: TestBot,
  currentUserId?: string,
): Promise<{ playground: Playground; browser: BrowserSession }> {
  // Start both side by side: each takes seconds on 2 cores.
  const [playground, browser] = await Promise.all([
    startPlayground({ botEndpoint: `${bot.url}/api/messages`, currentUserId }),
    launchBrowser({ viewport: VIEWPORT }),
  ]);
  await browser.chat.open(playground.url);
  mark(`page usable as ${currentUserId ?? 'the default user'}`);
  return { playground, browser };
}
