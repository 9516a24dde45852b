import restify from 'restify';
import { z } from 'zod';
import type { Logger } from '../app/ports';
import { registerTab, type TabDeps } from './tabApi';

/**
 * What the HTTP surface needs of the chat side, and nothing more: an adapter that authenticates a
 * request and starts its turn, and an application that runs the turn. http/ knows no chat SDK; the
 * composition root hands it the Teams adapter and application, which fit these shapes.
 */
export interface ChatAdapter<Turn> {
  process(request: restify.Request, response: restify.Response, logic: (turn: Turn) => Promise<void>): Promise<void>;
}
export interface ChatApplication<Turn> {
  run(turn: Turn): Promise<unknown>;
}

export interface ServerDeps<Turn = never> {
  adapter: ChatAdapter<Turn>;
  app: ChatApplication<Turn>;
  logger: Logger;
  health: () => Promise<Record<string, unknown>>;
  /** How long authenticating a request may take (fetching Bot Framework's keys) before it gets 503. */
  authTimeoutMs?: number;
  /** Whether the bot can serve: throws with the reason when it cannot (the store is unreachable). */
  ready: () => Promise<Record<string, unknown>>;
  /** The Teams tab and its API; absent, the server has none. */
  tab?: TabDeps;
}

/** What every activity needs before the adapter sees it: a type, and where to answer. */
const activityShape = z.object({
  type: z.string().min(1).max(100),
  serviceUrl: z.string().min(1).max(2000),
});

/** Bodies without internal detail: a caller learns the status, not why the token failed. */
const BODY = {
  badRequest: { error: 'BadRequest', message: 'Ogiltig aktivitet.' },
  unauthorized: { error: 'Unauthorized', message: 'Ej behörig.' },
  unavailable: { error: 'ServiceUnavailable', message: 'Försök igen om en stund.' },
  failed: { error: 'InternalError', message: 'Något gick fel.' },
};

/**
 * The part of restify's response the adapter writes to. It passes writes through until the
 * request is answered some other way (503 after the auth timeout). Before the turn starts the
 * adapter is checking the token, and anything but success there is a refused token (fail closed):
 * 401, with a body that names nothing internal (the adapter would send the validator's message).
 */
function adapterResponse(res: restify.Response, state: { answered: boolean; turnStarted: boolean }) {
  let status = 200;
  const finish = (body?: unknown): void => {
    if (state.answered) return;
    state.answered = true;
    if (!state.turnStarted && status >= 400) res.send(401, BODY.unauthorized);
    else if (body === undefined) {
      res.status(status);
      res.end();
    } else res.send(status, body);
  };
  return {
    socket: res.socket,
    header: (name: string, value: string) => {
      if (!state.answered) res.header(name, value);
    },
    status: (code: number) => {
      status = code;
    },
    send: (body?: unknown) => finish(body),
    end: () => finish(),
  };
}

/** Longer than Azure's load balancers keep an idle connection (4 minutes). */
const KEEP_ALIVE_MS = 250_000;

/** The bot's HTTP surface: Bot Framework activities in, health probes for the host, and the tab. */
export function createServer<Turn>(deps: ServerDeps<Turn>): restify.Server {
  const server = restify.createServer({ name: 'atgardsplan-bot' });
  // Node closes an idle kept-alive connection after 5 s; a client (or App Service's front end) that
  // reuses it at that moment gets ECONNRESET. Keep idle connections longer than the front end does.
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    if (!activityShape.safeParse(req.body).success) {
      res.send(400, BODY.badRequest);
      return;
    }
    const state = { answered: false, turnStarted: false };
    // Until the turn starts the adapter is checking the token, which may mean fetching Bot
    // Framework's OpenID metadata and keys; that must not hold the request for ever.
    const timer = setTimeout(() => {
      if (state.turnStarted || state.answered) return;
      state.answered = true;
      deps.logger.error({ timeoutMs: deps.authTimeoutMs }, 'authentication timed out (OpenID metadata or keys)');
      res.send(503, BODY.unavailable);
    }, deps.authTimeoutMs ?? 10_000);
    try {
      await deps.adapter.process(req, adapterResponse(res, state) as unknown as restify.Response, async (context) => {
        if (state.answered) return;
        state.turnStarted = true;
        clearTimeout(timer);
        await deps.app.run(context);
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'request failed');
      if (!state.answered) {
        state.answered = true;
        if (state.turnStarted) res.send(500, BODY.failed);
        else res.send(401, BODY.unauthorized);
      }
    } finally {
      clearTimeout(timer);
    }
  });

  server.get('/healthz', async (_req, res) => {
    try {
      res.json(200, { status: 'ok', ...(await deps.health()) });
    } catch (error) {
      deps.logger.error({ err: error }, 'Hälsokontrollen misslyckades');
      res.json(503, { status: 'fel', message: (error as Error).message });
    }
  });

  // Liveness above, readiness here: the host's health check points at /readyz, so an instance
  // whose store does not answer gets no traffic, while /healthz keeps saying the process lives.
  server.get('/readyz', async (_req, res) => {
    try {
      res.json(200, { status: 'ok', ...(await deps.ready()) });
    } catch (error) {
      deps.logger.warn({ err: error }, 'not ready');
      res.json(503, { status: 'ej redo', message: (error as Error).message });
    }
  });

  if (deps.tab) registerTab(server, deps.tab);

  return server;
}

/**
 * Listens and says where; in local mode (no app id, so no authentication) it warns that this is for
 * development only. Resolves with the port (0 asks the system for a free one).
 */
export async function listen(
  server: restify.Server,
  at: { port: number; host: string; localMode: boolean },
  logger: Logger,
  about: object,
): Promise<number> {
  await new Promise<void>((resolve) => server.listen(at.port, at.host, resolve));
  const { port } = server.address();
  if (at.localMode)
    logger.warn(
      { port },
      'LOKALT LÄGE: inget MicrosoftAppId är satt, så förfrågningar autentiseras inte. Endast för utveckling.',
    );
  logger.info({ port, ...about }, `Boten lyssnar på http://localhost:${port}/api/messages`);
  return port;
}
