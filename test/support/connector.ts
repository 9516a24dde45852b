import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent, as the Bot Connector service would have received it. */
export interface SentActivity {
  conversationId: string;
  method: string;
  path: string;
  body: Record<string, unknown> & { type?: string; text?: string; attachments?: Array<{ content: unknown }> };
}

export type ConnectorResponder = (
  req: IncomingMessage,
  body: unknown,
) => { status: number; headers?: Record<string, string> } | undefined;

/**
 * A local stand-in for the Bot Connector service at the activity's serviceUrl: it records every
 * activity the bot posts to a conversation and answers as the service does.
 */
export class LocalConnector {
  readonly sent: SentActivity[] = [];
  private server?: Server;
  private waiters: Array<() => void> = [];
  private nextId = 1;
  /** Lets a test answer some requests differently (429, 403…). */
  responder?: ConnectorResponder;

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as SentActivity['body']) : {};
        const custom = this.responder?.(req, body);
        if (custom && custom.status >= 400) {
          res.writeHead(custom.status, { 'content-type': 'application/json', ...custom.headers });
          res.end(JSON.stringify({ error: { code: 'Throttled', message: 'local connector' } }));
          return;
        }
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        if (match) {
          this.sent.push({ conversationId: decodeURIComponent(match[1]!), method: req.method!, path: req.url!, body });
          this.waiters.splice(0).forEach((w) => w());
        }
        const createConversation = req.method === 'POST' && /\/v3\/conversations\/?$/.test(req.url ?? '');
        res.writeHead(createConversation ? 201 : 200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ id: createConversation ? `a:created-${this.nextId++}` : `activity-${this.nextId++}` }),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Waits until `count` activities have been sent (the bot replies asynchronously to messages). */
  async waitForSent(count: number, timeoutMs = 5000): Promise<SentActivity[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} sent activities, got ${this.sent.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.sent;
  }

  clear(): void {
    this.sent.length = 0;
  }
}

/** The text of every TextBlock and fact in a card, for asserting what a person would read. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value', 'placeholder', 'label']) {
        if (typeof o[key] === 'string') out.push(o[key] as string);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}

export function sentCard(activity: SentActivity): Record<string, unknown> {
  const content = activity.body.attachments?.[0]?.content;
  if (!content) throw new Error(`activity has no card: ${JSON.stringify(activity.body).slice(0, 300)}`);
  return content as Record<string, unknown>;
}
