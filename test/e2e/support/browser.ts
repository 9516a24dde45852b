import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * Headless Debian Chromium driven by playwright-core, and a small page object for the
 * Microsoft 365 Agents Playground. Never `npx playwright install`: the browser is /usr/bin/chromium.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /** Default true; E2E_HEADED=1 also shows the window (needs a display). */
  headless?: boolean;
  viewport?: { width: number; height: number };
  /** Default timeout of every Playwright action and wait, in ms; 15 s if left out. */
  timeoutMs?: number;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  chat: ChatPage;
  /** Closes the browser and removes its user-data dir. */
  close(): Promise<void>;
}

export async function launchBrowser(opts: BrowserOptions = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: opts.headless ?? !process.env.E2E_HEADED,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  context.setDefaultTimeout(opts.timeoutMs ?? 15_000);
  // Only loopback: the page asks a CDN for fonts and a script, which would otherwise hang.
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1|\[::1\])/, (route) => route.abort());
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    chat: new ChatPage(page),
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const EDITOR = 'div[contenteditable="true"][data-lexical-editor="true"]';
const CHANNEL_TREE = '[role="tree"][aria-labelledby="conversation-window-teams-channel"]';

/**
 * The Playground's chat UI. Keep one ChatPage (one page) for a whole scenario: the chat history
 * lives in the page and is gone after a reload.
 */
export class ChatPage {
  private inChannel = false;

  constructor(readonly page: Page) {}

  /** Loads the Playground and waits for its chat list. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('treeitem').first().waitFor({ timeout: 30_000 });
  }

  /**
   * Opens a chat from the list: 'Personal Chat', the group chat's name, or a channel's name
   * (a string matches part of the entry, e.g. 'Uppföljning' for 'IFO Ledningsgrupp - Uppföljning').
   */
  async openChat(name: string | RegExp): Promise<void> {
    const item = this.page.getByRole('treeitem', { name }).first();
    await item.waitFor();
    this.inChannel = (await this.page.locator(CHANNEL_TREE).getByRole('treeitem', { name }).count()) > 0;
    await item.click();
    if (this.inChannel) await this.postButton().waitFor();
    else await this.postButton().waitFor({ state: 'hidden' });
    await this.composeBox().waitFor();
  }

  /** Whether the open chat is a team channel (set by openChat). */
  get isChannel(): boolean {
    return this.inChannel;
  }

  /**
   * Sends a message as the current user: Enter in a chat, a new post in a channel. In group chats
   * and channels the bot only gets messages that @mention it: use sendWithMention there.
   */
  async send(text: string): Promise<void> {
    const box = this.composeBox();
    await box.click();
    await this.typeText(text);
    await this.submit(box);
  }

  /** Sends "@botName text" with a real mention (picked from the typeahead menu). */
  async sendWithMention(botName: string, text: string): Promise<void> {
    const box = this.composeBox();
    await box.click();
    await this.mention(botName);
    await this.typeText(` ${text}`);
    await this.submit(box);
  }

  /** In a channel: replies in the thread of the newest post, optionally @mentioning someone first. */
  async replyInThread(text: string, opts: { mention?: string } = {}): Promise<void> {
    if (!this.inChannel) throw new Error('replyInThread: open a channel first');
    // Editor 0 is "Start a new post"; the newest post is at the top, so its reply box is editor 1.
    const box = this.page.locator(EDITOR).nth(1);
    await box.click();
    if (opts.mention) {
      await this.mention(opts.mention);
      await this.page.keyboard.type(' ');
    }
    await this.typeText(text);
    await this.page.keyboard.press('Enter');
    await waitUntil(async () => (await box.innerText()).trim() === '', 10_000, 'the reply box to clear');
  }

  /**
   * The newest rendered Adaptive Card containing the text, once visible. Action buttons inside it:
   * `card.getByRole('button', { name: 'Spara' })`.
   */
  async waitForCard(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const card = this.page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /**
   * The newest message paragraph (bot text and card TextBlocks render as <p>) containing the text,
   * once visible. The chat list's previews and the log panel are not <p>, so they never match.
   */
  async waitForText(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const p = this.page.locator('p:not(.editor-paragraph)').filter({ hasText: text }).last();
    await p.waitFor({ state: 'visible', timeout: timeoutMs });
    return p;
  }

  /**
   * The newest message the Playground shows for a card action answered with a message instead of a
   * card (invoke response `application/vnd.microsoft.activity.message`): a bar under the card,
   * labelled "Display Invoked Message", once visible. (After a card response the same kind of bar
   * says "Your response was sent to the app".)
   */
  async waitForInvokedMessage(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const bar = this.invokedMessages().filter({ hasText: text }).last();
    await bar.waitFor({ state: 'visible', timeout: timeoutMs });
    return bar;
  }

  /** Every bar with a card action's message response (see waitForInvokedMessage). */
  invokedMessages(): Locator {
    return this.page.locator('[aria-label="Display Invoked Message"]');
  }

  /**
   * The innermost element holding both a card containing cardText and the bar below it with its
   * action's message (from waitForInvokedMessage): the card as the user sees it after the action.
   */
  cardWithInvokedMessage(cardText: string | RegExp, bar: Locator): Locator {
    const card = this.page.locator('.ac-adaptiveCard').filter({ hasText: cardText });
    return this.page.locator('div').filter({ has: card }).filter({ has: bar }).last();
  }

  /** Clicks an action button (by its title) on the newest card containing cardText. */
  async clickCardAction(cardText: string | RegExp, title: string | RegExp): Promise<void> {
    const card = await this.waitForCard(cardText);
    await card.getByRole('button', { name: title }).click();
  }

  /**
   * Picks an option in a compact Input.ChoiceSet (rendered as a combobox) of the card, found by its
   * label; the options list opens outside the card.
   */
  async choose(card: Locator, label: string | RegExp, option: string): Promise<void> {
    const box = card.getByRole('combobox', { name: label });
    await box.click();
    await this.page.getByRole('option', { name: option, exact: true }).filter({ visible: true }).click();
    await waitUntil(async () => (await box.inputValue()) === option, 5_000, `the combobox to show ${option}`);
  }

  /** Ticks a choice of an expanded multi-select Input.ChoiceSet (rendered as checkboxes), by its title. */
  async tick(card: Locator, choice: string | RegExp): Promise<void> {
    const box = card.getByRole('checkbox', { name: choice });
    await box.check();
  }

  /** Types into an Input.Text (single or multi-line) of the card, found by its label or placeholder. */
  async fillText(card: Locator, labelOrPlaceholder: string | RegExp, text: string): Promise<void> {
    const byLabel = card.getByLabel(labelOrPlaceholder);
    const field = (await byLabel.count()) > 0 ? byLabel : card.getByPlaceholder(labelOrPlaceholder);
    await field.fill(text);
  }

  /** Types a number into an Input.Number (a spin button) of the card, found by its label; Tab commits it. */
  async fillNumber(card: Locator, label: string | RegExp, value: number): Promise<void> {
    const box = card.getByRole('spinbutton', { name: label });
    await box.fill(String(value));
    await box.press('Tab');
  }

  /**
   * A PNG of the locator (or the whole page if none); creates the folder. The chat history scrolls
   * inside the page, so a card taller than that scroll area would come out cut off: the viewport is
   * made tall enough for the whole card while the picture is taken.
   */
  async screenshot(locator: Locator | undefined, path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    if (!locator) {
      await this.page.screenshot({ path, animations: 'disabled' });
      return;
    }
    const viewport = this.page.viewportSize();
    const box = await locator.boundingBox();
    // The header above the chat and the compose box below it take about 250 px.
    const needed = box ? Math.ceil(box.height) + 400 : 0;
    const grow = viewport !== null && needed > viewport.height;
    if (grow) await this.page.setViewportSize({ width: viewport.width, height: needed });
    try {
      await locator.scrollIntoViewIfNeeded();
      await locator.screenshot({ path, animations: 'disabled' });
    } finally {
      if (grow) await this.page.setViewportSize(viewport);
    }
  }

  /** The box a message is typed in: "Type a message..." in a chat, "Start a new post" in a channel. */
  composeBox(): Locator {
    return this.page.locator(EDITOR).first();
  }

  private postButton(): Locator {
    return this.page.getByRole('button', { name: 'Post', exact: true });
  }

  private async mention(name: string): Promise<void> {
    await this.page.keyboard.type('@');
    // An earlier editor can leave a second, hidden #typeahead-menu behind: take the visible item.
    const exactName = new RegExp(`(^|\\s)${escapeRegExp(name)}$`);
    await this.page.getByRole('menuitem', { name: exactName }).filter({ visible: true }).first().click();
  }

  /** Types text; a newline becomes Shift+Enter (a line break, not a send). */
  private async typeText(text: string): Promise<void> {
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (i > 0) await this.page.keyboard.press('Shift+Enter');
      if (line) await this.page.keyboard.type(line);
    }
  }

  private async submit(box: Locator): Promise<void> {
    if (this.inChannel) await this.postButton().click();
    else await this.page.keyboard.press('Enter');
    // Sent once the editor is empty again.
    await waitUntil(async () => (await box.innerText()).trim() === '', 10_000, 'the compose box to clear');
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
