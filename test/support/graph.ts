import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/identity';

/** What the Graph stand-in does when the app is installed for a user. */
export type InstallBehaviour = 'install' | 'alreadyInstalled' | 'noConsent';

/**
 * A local stand-in for Microsoft Graph's proactive-installation routes and for the Entra token
 * endpoint (client credentials), on one loopback port. Graph calls without the token it issued
 * answer 401; an install answers 201, 409 when already installed, or 403 without admin consent.
 */
export class LocalGraph {
  private server?: Server;
  private readonly tokens = new Set<string>();
  private readonly installed = new Map<string, string>();
  /** Per user id; 'install' when not set. */
  readonly behaviour = new Map<string, InstallBehaviour>();
  readonly requests: Array<{ method: string; path: string; status: number; body?: unknown }> = [];
  readonly clientId = 'graph-client-id';
  readonly clientSecret = 'graph-client-secret';
  readonly teamsAppId = 'catalog-app-id-0001';

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get graphBaseUrl(): string {
    return `${this.url}/v1.0`;
  }

  /** The chat id Graph gives for the user's 1:1 chat with the app. */
  chatIdOf(userId: string): string {
    return `19:${userId}_bot@unq.gbl.spaces`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(res: ServerResponse, req: IncomingMessage, status: number, body?: unknown, sent?: unknown): void {
    this.requests.push({ method: req.method!, path: decodeURIComponent(req.url!), status, body: sent });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url!, this.url);
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') {
      const form = new URLSearchParams(text);
      const ok =
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === this.clientId &&
        form.get('client_secret') === this.clientSecret &&
        form.get('scope') === 'https://graph.microsoft.com/.default';
      if (!ok) return this.answer(res, req, 401, { error: 'invalid_client' });
      const issued = randomUUID();
      this.tokens.add(issued);
      return this.answer(res, req, 200, { token_type: 'Bearer', expires_in: 3599, access_token: issued });
    }

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !this.tokens.has(bearer))
      return this.answer(res, req, 401, { error: { code: 'InvalidAuthenticationToken' } });

    const apps = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(url.pathname);
    const chat = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps\/([^/]+)\/chat$/.exec(url.pathname);
    if (apps && req.method === 'POST') {
      const user = decodeURIComponent(apps[1]!);
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      if (body['teamsApp@odata.bind'] !== `${this.graphBaseUrl}/appCatalogs/teamsApps/${this.teamsAppId}`) {
        return this.answer(res, req, 400, { error: { code: 'BadRequest' } }, body);
      }
      const behaviour = this.behaviour.get(user) ?? 'install';
      if (behaviour === 'noConsent') return this.answer(res, req, 403, { error: { code: 'Forbidden' } }, body);
      if (behaviour === 'alreadyInstalled' || this.installed.has(user)) {
        this.installed.set(user, this.installed.get(user) ?? randomUUID());
        return this.answer(res, req, 409, { error: { code: 'Conflict' } }, body);
      }
      this.installed.set(user, randomUUID());
      return this.answer(res, req, 201, undefined, body);
    }
    if (apps && req.method === 'GET') {
      const id = this.installed.get(decodeURIComponent(apps[1]!));
      const filter = url.searchParams.get('$filter');
      if (filter !== `teamsApp/id eq '${this.teamsAppId}'`) return this.answer(res, req, 400, { error: 'filter' });
      return this.answer(res, req, 200, { value: id ? [{ id }] : [] });
    }
    if (chat && req.method === 'GET') {
      const user = decodeURIComponent(chat[1]!);
      if (this.installed.get(user) !== decodeURIComponent(chat[2]!)) return this.answer(res, req, 404, {});
      return this.answer(res, req, 200, { id: this.chatIdOf(user) });
    }
    return this.answer(res, req, 404, { error: { code: 'NotFound' } });
  }

  /** The client-credentials sign-in against this stand-in's token endpoint, as the bot is given it. */
  credential(tenantId: string): TokenCredential {
    return {
      getToken: async (scopes): Promise<AccessToken> => {
        const res = await fetch(`${this.url}/${tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: this.clientId,
            client_secret: this.clientSecret,
            scope: Array.isArray(scopes) ? scopes.join(' ') : scopes,
          }),
        });
        if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
        const body = (await res.json()) as { access_token: string; expires_in: number };
        return { token: body.access_token, expiresOnTimestamp: Date.now() + body.expires_in * 1000 };
      },
    };
  }
}
