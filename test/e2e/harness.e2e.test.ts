/**
 * A self-check of the end-to-end harness, independent of the real bot: a throwaway echo bot in
 * this process (botbuilder CloudAdapter, anonymous local mode), the Agents Playground against it,
 * and headless Chromium driving the Playground. If this fails, the harness or the machine is
 * broken, not the bot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { launchBrowser, type BrowserSession } from './support/browser';
import { readPlaygroundBot, startPlayground, type Playground } from './support/playground';

jest.setTimeout(120_000);

function testCard(text: string, withButton: boolean): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: withButton ? [{ type: 'Action.Execute', title: 'Spara', verb: 'spara', data: {} }] : [],
  };
}

async function botLogic(context: TurnContext): Promise<void> {
  const activity = context.activity;
  if (activity.type === ActivityTypes.Message) {
    const text = (TurnContext.removeRecipientMention(activity) ?? activity.text ?? '').trim();
    if (text === 'kort') {
      await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(testCard('Testkort', true))));
    } else {
      await context.sendActivity(`Hej! Du skrev: ${text}`);
    }
  } else if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 200,
        body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: testCard('Sparat!', false) },
      },
    });
  }
}

/** The throwaway bot behind node:http: POST /api/messages → adapter.process. */
async function startEchoBot(): Promise<{ endpoint: string; received: string[]; stop(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const received: string[] = [];
  adapter.onTurnError = async (_context, err) => {
    received.push(`error: ${(err as Error).message}`);
  };
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/messages') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      received.push(`${String(body.type)}${body.name ? `/${String(body.name)}` : ''}`);
      // The shape CloudAdapter expects of a response (restify/express-like) over node:http.
      const response = {
        socket: res.socket,
        status: (code: number) => {
          res.statusCode = code;
        },
        header: (name: string, value: unknown) => res.setHeader(name, String(value)),
        send: (payload?: unknown) => {
          if (payload === undefined) return;
          res.setHeader('content-type', 'application/json');
          res.write(typeof payload === 'string' ? payload : JSON.stringify(payload));
        },
        end: () => res.end(),
      };
      adapter
        .process({ body, headers: req.headers, method: req.method }, response, botLogic)
        .catch((err: Error) => received.push(`process error: ${err.message}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    received,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('e2e harness self-check', () => {
  const bot = readPlaygroundBot();
  let echo: Awaited<ReturnType<typeof startEchoBot>>;
  let playground: Playground;
  let browser: BrowserSession;
  const t0 = Date.now();
  const mark = (what: string): void => {
    if (process.env.E2E_TIMINGS) console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
  };

  beforeAll(async () => {
    echo = await startEchoBot();
    // Start the Playground and Chromium side by side: both take seconds on 2 cores.
    [playground, browser] = await Promise.all([
      startPlayground({ botEndpoint: echo.endpoint, currentUserId: 'user-id-5' }),
      launchBrowser(),
    ]);
    mark('playground and browser up');
    await browser.chat.open(playground.url);
    mark('page usable');
  });

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await echo?.stop();
    mark('stopped');
  });

  it('acts as the requested current user', async () => {
    await browser.page.getByText('Erik Nyström', { exact: true }).first().waitFor();
  });

  it('chats, renders a card and runs its Action.Execute in the personal chat', async () => {
    const chat = browser.chat;
    await chat.openChat('Personal Chat');
    await chat.send('hej');
    await chat.waitForText('Hej! Du skrev: hej');
    mark('personal reply');

    await chat.send('kort');
    const card = await chat.waitForCard('Testkort');
    await card.getByRole('button', { name: 'Spara' }).click();
    const saved = await chat.waitForCard('Sparat!');
    mark('card action');
    if (process.env.E2E_SCREENSHOTS_DEBUG) await chat.screenshot(undefined, 'docs/screenshots/_harness-check.png');
    expect(await saved.innerText()).toContain('Sparat!');
    expect(echo.received).toContain('invoke/adaptiveCard/action');
  });

  it('gets the bot to answer an @mention in a channel post and in its thread', async () => {
    const chat = browser.chat;
    await chat.openChat('Uppföljning');
    expect(chat.isChannel).toBe(true);
    await chat.sendWithMention(bot.name, 'status');
    await chat.waitForText('Hej! Du skrev: status');
    await chat.replyInThread('i tråden', { mention: bot.name });
    await chat.waitForText('Hej! Du skrev: i tråden');
    mark('channel replies');
  });

  it('only hears @mentions in the group chat', async () => {
    const chat = browser.chat;
    await chat.openChat('Enhetschefer IFO');
    expect(chat.isChannel).toBe(false);
    await chat.send('utan omnämnande');
    await chat.sendWithMention(bot.name, 'grupp');
    await chat.waitForText('Hej! Du skrev: grupp');
    mark('group reply');
    expect(echo.received.filter((r) => r.startsWith('error') || r.startsWith('process error'))).toEqual([]);
    expect(await browser.page.locator('p').filter({ hasText: 'Hej! Du skrev: utan omnämnande' }).count()).toBe(0);
  });
});
