import { join, resolve } from 'node:path';
import type { TestBot } from '../../support/bot';
import { launchBrowser, type BrowserSession, type ChatPage } from './browser';
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

export interface SessionOptions {
  /** The Playground user to act as (an id from the yml); its currentUser if left out. */
  userId?: string;
  /** Waited for in the page header, so the page is known to be that user's. */
  userName?: string;
  /** The chat, group chat or channel to open. */
  open: string;
  /** Runs once the chat is open, e.g. to pick up the page or wait for the bot to know the chat. */
  ready: (session: { chat: ChatPage; playground: Playground }) => void | Promise<void>;
}

/**
 * One user's Playground and page for the tests of a describe: opened before them, closed after.
 * The chat history lives in the page, so the tests of the describe build on each other.
 */
export function userSession(bot: () => TestBot, options: SessionOptions): void {
  let session: { playground: Playground; browser: BrowserSession } | undefined;
  beforeAll(async () => {
    session = await openAs(bot(), options.userId);
    if (options.userName) await session.browser.page.getByText(options.userName, { exact: true }).first().waitFor();
    await session.browser.chat.openChat(options.open);
    await options.ready({ chat: session.browser.chat, playground: session.playground });
  });
  afterAll(async () => {
    await session?.browser.close();
    await session?.playground.stop();
  });
}
