import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An activity the bot sent, as the Bot Connector service would have received it. */
export interface SentActivity {
  at: number;
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
  /** Every request to a conversation, answered or refused, with when it came and what it got. */
  readonly requests: Array<{ at: number; conversationId: string; status: number }> = [];
  /** How long each answer takes, like a real service over a network. */
  delayMs = 0;
  /**
   * Network faults per conversation: 'dropAfterAccept' keeps the activity (Teams accepted it) and
   * then drops the connection without an answer; 'hang' never answers and keeps nothing.
   */
  fault?: (conversationId: string) => 'dropAfterAccept' | 'hang' | undefined;

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const at = Date.now();
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as SentActivity['body']) : {};
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        const conversationId = match ? decodeURIComponent(match[1]!) : '';
        const fault = match ? this.fault?.(conversationId) : undefined;
        if (fault === 'hang') {
          this.requests.push({ at, conversationId, status: 0 });
          return;
        }
        if (fault === 'dropAfterAccept') {
          this.requests.push({ at, conversationId, status: 200 });
          this.sent.push({ at, conversationId, method: req.method!, path: req.url!, body });
          req.socket.destroy();
          return;
        }
        const custom = this.responder?.(req, body);
        if (custom && custom.status >= 400) {
          this.requests.push({ at, conversationId, status: custom.status });
          res.writeHead(custom.status, { 'content-type': 'application/json', ...custom.headers });
          res.end(JSON.stringify({ error: { code: 'Throttled', message: 'local connector' } }));
          return;
        }
        if (match) {
          this.requests.push({ at, conversationId, status: 200 });
          this.sent.push({ at, conversationId, method: req.method!, path: req.url!, body });
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
    this.requests.length = 0;
  }

  /** Cards delivered per conversation id (typing indicators and texts not counted). */
  cardsByConversation(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const s of this.sent) {
      if (s.body.attachments?.length) counts.set(s.conversationId, (counts.get(s.conversationId) ?? 0) + 1);
    }
    return counts;
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
