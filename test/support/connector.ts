import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSentCard } from './cardCheck';
import { checkForPersonalNumbers } from './leakCheck';
import { MESSAGE_LIMIT_BYTES, teamsBytes } from '../../src/teams/cards/budget';

/** An activity the bot sent, as the Bot Connector service would have received it. */
export interface SentActivity {
  at: number;
  conversationId: string;
  /** The id the stand-in gave the activity, as Teams does (what a card action later names as replyToId). */
  activityId?: string;
  method: string;
  path: string;
  body: Record<string, unknown> & {
    type?: string;
    text?: string;
    attachments?: Array<{ contentType?: string; content: unknown }>;
  };
}

/** A team member as the Bot Connector lists them (TeamsChannelAccount). */
export interface RosterMember {
  id: string;
  aadObjectId?: string;
  name: string;
  userPrincipalName?: string;
  tenantId?: string;
}

/** A 1:1 conversation the bot asked the service to create. */
export interface CreatedConversation {
  at: number;
  id: string;
  memberId: string;
  tenantId?: string;
  body: Record<string, unknown>;
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
  /** Team rosters served at GET /v3/conversations/{teamId}/pagedmembers, by team id. */
  readonly rosters = new Map<string, RosterMember[]>();
  /** The largest page the stand-in serves, whatever the bot asks for, so paging is exercised. */
  rosterPageSize = 2;
  /** Every roster page asked for: team id and continuation token. */
  readonly rosterPages: Array<{ teamId: string; continuationToken?: string; pageSize?: number }> = [];
  /** Every 1:1 conversation created (POST /v3/conversations). */
  readonly created: CreatedConversation[] = [];
  /** Members who blocked the bot: creating a conversation with them answers 403. */
  readonly blocked = new Set<string>();
  /** Files uploaded to an upload URL this stand-in handed out (the OneDrive upload session in Teams). */
  readonly uploads = new Map<string, { bytes: Buffer; headers: IncomingMessage['headers'] }>();
  /** Messages refused as Teams refuses them, for being over its size limit. */
  readonly tooLarge: Array<{ conversationId: string; bytes: number }> = [];
  /** Answers an upload with this status instead of 201, to test a failed upload. */
  uploadStatus = 201;

  /** An upload URL as Teams gives one in a file-consent accept (here served by this stand-in). */
  uploadUrl(name: string): string {
    return `${this.url}upload/${encodeURIComponent(name)}`;
  }
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
        const upload = /^\/upload\/([^/?]+)/.exec(req.url ?? '');
        if (upload && req.method === 'PUT') {
          if (this.uploadStatus < 300) {
            this.uploads.set(decodeURIComponent(upload[1]!), { bytes: Buffer.concat(chunks), headers: req.headers });
          }
          res.writeHead(this.uploadStatus, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `drive-item-${this.nextId++}` }));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text ? (JSON.parse(text) as SentActivity['body']) : {};
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        const conversationId = match ? decodeURIComponent(match[1]!) : '';
        // Teams refuses a message over 40 KB, counted as UTF-16: 413 with MessageSizeTooBig.
        const bytes = teamsBytes(body);
        if (match && req.method === 'POST' && bytes > MESSAGE_LIMIT_BYTES) {
          this.tooLarge.push({ conversationId, bytes });
          this.requests.push({ at, conversationId, status: 413 });
          res.writeHead(413, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'MessageSizeTooBig', message: 'Message size too large.' } }));
          return;
        }
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
        const paged = /\/v3\/conversations\/([^/?]+)\/pagedmembers/.exec(req.url ?? '');
        if (req.method === 'GET' && paged) return this.servePage(res, decodeURIComponent(paged[1]!), req.url!);
        if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(req.url ?? '')) {
          return this.createConversation(res, at, body as Record<string, unknown>);
        }
        const activityId = `activity-${this.nextId++}`;
        if (match) {
          this.requests.push({ at, conversationId, status: 200 });
          this.sent.push({ at, conversationId, method: req.method!, path: req.url!, body, activityId });
          checkForPersonalNumbers(body, `a message sent to ${conversationId}`);
          body.attachments
            ?.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
            .forEach((a) => checkSentCard(a.content, `a card sent to ${conversationId}`));
          this.waiters.splice(0).forEach((w) => w());
        }
        const createConversation = req.method === 'POST' && /\/v3\/conversations\/?$/.test(req.url ?? '');
        res.writeHead(createConversation ? 201 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: createConversation ? `a:created-${this.nextId++}` : activityId }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Pages of a team's members, as Teams serves them: a continuation token until the last page. */
  private servePage(res: ServerResponse, teamId: string, url: string): void {
    const query = new URL(url, 'http://x').searchParams;
    const continuationToken = query.get('continuationToken') ?? undefined;
    const requested = Number(query.get('pageSize') ?? '') || undefined;
    this.rosterPages.push({ teamId, continuationToken, pageSize: requested });
    const roster = this.rosters.get(teamId);
    if (!roster) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such team' } }));
      return;
    }
    const start = Number(continuationToken ?? '0');
    const size = Math.min(requested ?? this.rosterPageSize, this.rosterPageSize);
    const members = roster.slice(start, start + size);
    const next = start + size < roster.length ? String(start + size) : undefined;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ members, ...(next ? { continuationToken: next } : {}) }));
  }

  /**
   * Creates (or finds) the 1:1 conversation with the one member named: Teams answers with the same
   * id for the same member, so the id is derived from the member.
   */
  private createConversation(res: ServerResponse, at: number, body: Record<string, unknown>): void {
    const memberId = (body.members as Array<{ id?: string }> | undefined)?.[0]?.id ?? '';
    if (this.blocked.has(memberId) || body.isGroup === true || !memberId) {
      res.writeHead(this.blocked.has(memberId) ? 403 : 400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Forbidden', message: 'local connector' } }));
      return;
    }
    const id = `a:created-${memberId}`;
    this.created.push({ at, id, memberId, tenantId: body.tenantId as string | undefined, body });
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
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
    this.created.length = 0;
    this.rosterPages.length = 0;
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
      // A refresh action is never shown: Teams runs it by itself.
      Object.entries(o).forEach(([key, value]) => key !== 'refresh' && walk(value));
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
