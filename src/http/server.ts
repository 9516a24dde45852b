import restify from 'restify';
import type { Application, TeamsAdapter, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../app/ports';

export interface ServerDeps {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  logger: Logger;
  health: () => Promise<Record<string, unknown>>;
}

/** The bot's HTTP surface: Bot Framework activities in, and a health probe for the host. */
export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'atgardsplan-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 256 * 1024 }));
  // Node closes an idle keep-alive connection after 5 s, sooner than the proxies in front of it
  // (App Service's front end, the Bot Connector) and clients such as Node 22's fetch expect: the
  // next request on it then fails with ECONNRESET. Keep idle connections longer than they do.
  server.server.keepAliveTimeout = 75_000;
  server.server.headersTimeout = 76_000;

  server.post('/api/messages', async (req, res) => {
    await deps.adapter.process(req, res, async (context) => {
      await deps.app.run(context);
    });
  });

  server.get('/healthz', async (_req, res) => {
    try {
      res.json(200, { status: 'ok', ...(await deps.health()) });
    } catch (error) {
      deps.logger.error({ err: error }, 'Hälsokontrollen misslyckades');
      res.json(503, { status: 'fel', message: (error as Error).message });
    }
  });

  return server;
}
