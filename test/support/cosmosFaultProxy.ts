import { createServer, request, Agent, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to one write:
 * - `lostBefore`: answers 503 without passing it on (nothing applied, the client cannot tell);
 * - `lostAfter`: passes it on, lets the peer apply it, then answers 503 (applied, answer lost);
 * - `throttled`: answers 429 with a retry-after, without passing it on (Cosmos DB's own promise:
 *   a throttled request is not executed).
 */
export type ProxyFault = 'lostBefore' | 'lostAfter' | 'throttled';

export interface WriteRequest {
  method: string;
  /** The path, e.g. /dbs/fault/colls/answers/docs. */
  path: string;
  /** The container the write is to. */
  container: string | undefined;
}

/** Decides, per write, whether it fails and how; undefined passes it on. */
export type FaultRule = (write: WriteRequest) => ProxyFault | undefined;

export interface FaultCounts {
  writes: number;
  lostBefore: number;
  lostAfter: number;
  throttled: number;
}

/**
 * An HTTPS proxy in front of the local Cosmos DB peer that fails a share of the writes the way
 * Azure's do (503 before or after applying, 429 refused). Reads and queries pass untouched. The
 * certificate is the peer's own (self-signed, expired): clients accept it as they accept the peer.
 */
export class CosmosFaultProxy {
  rule: FaultRule = () => undefined;
  /** While true, reads and queries of documents are answered 503 too. */
  failReads: () => boolean = () => false;
  readonly counts: FaultCounts = { writes: 0, lostBefore: 0, lostAfter: 0, throttled: 0 };
  private server: Server | undefined;
  private readonly agent = new Agent({ rejectUnauthorized: false, keepAlive: true });
  endpoint = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const certDir = join(dirname(require.resolve('@vercel/cosmosdb-server/package.json')));
    this.server = createServer(
      { cert: readFileSync(join(certDir, 'cert.pem')), key: readFileSync(join(certDir, 'key.pem')), keepAlive: true },
      (req, res) => void this.handle(req, res).catch(() => res.destroy()),
    );
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.endpoint = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const write = isWrite(req);
    if (!write && /\/docs(\/|$)/.test(path) && this.failReads()) return fail(res, 503);
    const fault = write ? this.decide(req.method!, path) : undefined;
    if (fault === 'lostBefore') return fail(res, 503);
    if (fault === 'throttled') return fail(res, 429);
    const upstream = await this.forward(req, body);
    if (fault === 'lostAfter') return fail(res, 503);
    res.writeHead(upstream.status, upstream.headers);
    res.end(upstream.body);
  }

  private decide(method: string, path: string): ProxyFault | undefined {
    this.counts.writes++;
    const container = /\/colls\/([^/]+)/.exec(path)?.[1];
    const fault = this.rule({ method, path, container });
    if (fault) this.counts[fault]++;
    return fault;
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[]>; body: Buffer }> {
    const target = new URL(req.url ?? '/', this.target);
    return new Promise((done, failed) => {
      const out = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host }, agent: this.agent },
        (upstream) => {
          const parts: Buffer[] = [];
          upstream.on('data', (c: Buffer) => parts.push(c));
          upstream.on('end', () => {
            const headers: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(upstream.headers)) {
              if (v !== undefined && k !== 'connection' && k !== 'transfer-encoding') headers[k] = v;
            }
            done({ status: upstream.statusCode ?? 502, headers, body: Buffer.concat(parts) });
          });
          upstream.on('error', failed);
        },
      );
      out.on('error', failed);
      out.end(body);
    });
  }
}

/** Creates, replaces, upserts, patches and deletes of documents; a query is a POST too, but reads. */
function isWrite(req: IncomingMessage): boolean {
  if (!/\/docs(\/|$)/.test(req.url ?? '')) return false;
  if (req.method === 'POST') return !String(req.headers['content-type'] ?? '').startsWith('application/query+json');
  return req.method === 'PUT' || req.method === 'PATCH' || req.method === 'DELETE';
}

function fail(res: ServerResponse, status: 429 | 503): void {
  const body = JSON.stringify({
    code: status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
    message: status === 429 ? 'Request rate is large (fault proxy)' : 'Service is unavailable (fault proxy)',
  });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...(status === 429 ? { 'x-ms-retry-after-ms': '20' } : {}),
    'x-ms-activity-id': '00000000-0000-0000-0000-000000000000',
  });
  res.end(body);
}

/** A share of writes, drawn from a seeded sequence so a run can be repeated. */
export function share(fraction: number, fault: ProxyFault, seed = 1): FaultRule {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31 < fraction ? fault : undefined;
  };
}
