import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type restify from 'restify';
import { z } from 'zod';
import type { DashboardExport } from '../app/dashboardExport';
import { isStoreUnavailable } from '../app/errors';
import { HISTORY_STATUSES, type DashboardQueries } from '../app/dashboard';
import type { Logger } from '../app/ports';
import type { FollowUpReports } from '../app/reportVersions';
import { KeysUnavailable, type TabAuthenticator, type Viewer } from './tabAuth';

/** One plan as the tab reaches it: its read model, its export and its fixed report versions. */
export interface TabPlan {
  id: string;
  title: string;
  dashboard: Pick<DashboardQueries, 'view' | 'roleOf' | 'history'>;
  export: Pick<DashboardExport, 'workbook'>;
  reports: Pick<FollowUpReports, 'mayRead' | 'version'>;
}

export interface TabDeps {
  auth: TabAuthenticator;
  plans: TabPlan[];
  /** The deployment's people, offered by the page in local mode (the Playground's users). */
  people: () => Array<Viewer & { role: string }>;
  /** The built page (index.html and tab.js). */
  dir: string;
  logger: Logger;
}

const BODY = {
  unauthorized: { error: 'Unauthorized', message: 'Ej behörig.' },
  forbidden: { error: 'Forbidden', message: 'Du har inte behörighet till det här.' },
  noPlan: { error: 'NotFound', message: 'Planen finns inte.' },
  badFilter: { error: 'BadRequest', message: 'Urvalet går inte att läsa: status, från och till (ÅÅÅÅ-MM-DD).' },
  noVersion: { error: 'NotFound', message: 'Den versionen av rapporten finns inte.' },
  notBuilt: { error: 'NotFound', message: 'Fliken är inte byggd: kör npm run build.' },
  unavailable: { error: 'ServiceUnavailable', message: 'Försök igen om en stund.' },
  failed: { error: 'InternalError', message: 'Något gick fel.' },
};

/** Where Teams, Outlook and the Microsoft 365 app frame a tab from; locally the Playground on localhost. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft " +
  'https://*.office.com https://outlook.office.com https://outlook.office365.com https://*.microsoft365.com';

/** The page's files: its HTML and its one script (with its map), nothing else from the folder. */
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'tab.js': 'text/javascript; charset=utf-8',
};

/** What an activity's history may be narrowed by, from the query string: a status and a period. */
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const historyQuery = z.object({
  status: z.enum(HISTORY_STATUSES).optional(),
  from: DAY.optional(),
  to: DAY.optional(),
});

/** The fixed version's files as the tab offers them. */
const REPORT_FORMATS = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
} as const;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The tab's HTTP surface on the bot's server: the page (no data in it) and the JSON API it reads,
 * every answer of which is for the signed-in viewer only and never cached.
 */
export function registerTab(server: restify.Server, deps: TabDeps): void {
  const frameAncestors = deps.auth.local ? `${FRAME_ANCESTORS} http://localhost:* http://127.0.0.1:*` : FRAME_ANCESTORS;

  const page = async (res: restify.Response, name: string): Promise<void> => {
    try {
      const body = await readFile(join(deps.dir, name));
      res.writeHead(200, {
        'content-type': FILES[name]!,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy':
          `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ` +
          `connect-src 'self'; frame-ancestors ${frameAncestors}`,
      });
      res.end(body);
    } catch {
      res.send(404, BODY.notBuilt);
    }
  };
  server.get('/tab', async (_req, res) => page(res, 'index.html'));
  server.get('/tab/:file', async (req, res) => {
    const name = String(req.params.file);
    if (Object.hasOwn(FILES, name)) await page(res, name);
    else res.send(404, BODY.notBuilt);
  });

  /** Runs `serve` for a signed-in viewer: 401 without one, 503 when the keys are out of reach. */
  const signedIn =
    (serve: (viewer: Viewer, req: restify.Request, res: restify.Response) => Promise<void>) =>
    async (req: restify.Request, res: restify.Response): Promise<void> => {
      res.header('cache-control', 'no-store');
      let viewer: Viewer | undefined;
      try {
        viewer = await deps.auth.viewer(req.headers);
      } catch (error) {
        if (!(error instanceof KeysUnavailable)) throw error;
        deps.logger.error({ err: error }, 'tab: Entra ID keys could not be fetched');
        res.send(503, BODY.unavailable);
        return;
      }
      if (!viewer) {
        res.send(401, BODY.unauthorized);
        return;
      }
      try {
        await serve(viewer, req, res);
      } catch (error) {
        // The store out of reach is passing: 503 with when to try again; anything else is a fault.
        if (isStoreUnavailable(error)) {
          deps.logger.warn({ err: error }, 'tab: the store is out of reach');
          res.header('retry-after', '5');
          res.send(503, BODY.unavailable);
          return;
        }
        deps.logger.error({ err: error }, 'tab request failed');
        res.send(500, BODY.failed);
      }
    };

  const planOf = (req: restify.Request): TabPlan | undefined =>
    deps.plans.find((p) => p.id === String(req.params.planId));

  server.get(
    '/api/tab/me',
    signedIn(async (viewer, _req, res) => {
      res.json(200, {
        name: viewer.name,
        local: deps.auth.local,
        plans: deps.plans.map((p) => ({ id: p.id, title: p.title, role: p.dashboard.roleOf(viewer.userId) })),
      });
    }),
  );

  // Local mode only: who the page may show the plan as. In production there is nobody to choose.
  server.get('/api/tab/people', async (_req, res) => {
    if (!deps.auth.local) res.send(404, { error: 'NotFound', message: 'Finns bara i lokalt läge.' });
    else res.json(200, { people: deps.people() });
  });

  server.get(
    '/api/tab/plans/:planId',
    signedIn(async (viewer, req, res) => {
      const plan = planOf(req);
      if (!plan) res.send(404, BODY.noPlan);
      else res.json(200, await plan.dashboard.view(viewer.userId));
    }),
  );

  // One activity's history, narrowed by status and period: fetched when the person opens it or filters.
  server.get(
    '/api/tab/plans/:planId/activities/:activityId/history',
    signedIn(async (viewer, req, res) => {
      const plan = planOf(req);
      if (!plan) return void res.send(404, BODY.noPlan);
      const query = historyQuery.safeParse(Object.fromEntries(new URL(req.url ?? '', 'http://tab').searchParams));
      if (!query.success) return void res.send(400, BODY.badFilter);
      const history = await plan.dashboard.history(viewer.userId, String(req.params.activityId), query.data);
      if (!history) return void res.send(403, BODY.forbidden);
      res.json(200, history);
    }),
  );

  server.get(
    '/api/tab/plans/:planId/export.xlsx',
    signedIn(async (viewer, req, res) => {
      const plan = planOf(req);
      if (!plan) return void res.send(404, BODY.noPlan);
      const bytes = await plan.export.workbook(viewer.userId);
      if (!bytes) return void res.send(403, BODY.forbidden);
      download(res, XLSX, `${plan.id}-uppfoljning.xlsx`, bytes);
    }),
  );

  server.get(
    '/api/tab/plans/:planId/reports/:version/:format',
    signedIn(async (viewer, req, res) => {
      const plan = planOf(req);
      if (!plan) return void res.send(404, BODY.noPlan);
      if (!plan.reports.mayRead(viewer.userId)) return void res.send(403, BODY.forbidden);
      const format = String(req.params.format);
      const number = Number(req.params.version);
      if (!Number.isInteger(number) || number < 1 || !Object.hasOwn(REPORT_FORMATS, format)) {
        return void res.send(404, BODY.noVersion);
      }
      const version = await plan.reports.version(number);
      if (!version) return void res.send(404, BODY.noVersion);
      const kind = format as keyof typeof REPORT_FORMATS;
      const file = version[kind];
      download(res, REPORT_FORMATS[kind], file.name, file.bytes);
    }),
  );
}

function download(res: restify.Response, type: string, name: string, bytes: Uint8Array): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(bytes.byteLength),
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
  });
  res.end(Buffer.from(bytes));
}
