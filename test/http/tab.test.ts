import { createHash } from 'node:crypto';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus } from '../../src/app/recordStatus';
import { allActivities } from '../../src/domain/plan';
import { startTestBot, type TestBot } from '../support/bot';
import { LocalConnector } from '../support/connector';
import { Chat } from '../support/conversation';
import { OpenIdStandIn, SigningKey, unsignedToken } from '../support/botFrameworkKeys';
import { TENANT, USERS } from '../support/teams';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const HOST = 'atgardsplan.example.net';
const AUDIENCE = `api://${HOST}/${APP_ID}`;
const UNAUTHORIZED = { error: 'Unauthorized', message: 'Ej behörig.' };
const { plan, deployment } = loadDeployment('deployments/local.json');
const PLAN = plan.id;
/** The activities each owner answers for, from the deployment (owner or deputy). */
const own = (userId: string): string[] =>
  allActivities(plan)
    .filter((a) =>
      deployment.owners.some(
        (o) => o.role === a.ownerRole && (o.owner.userId === userId || o.deputy?.userId === userId),
      ),
    )
    .map((a) => a.id);

/** A GET over real HTTP: JSON bodies parsed, files as bytes. */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const type = res.headers.get('content-type') ?? '';
  const body: any = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body };
}

async function loadBook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

/** Answers with a link each, recorded through the bot's own use case on the bot's own store. */
async function answerAll(bot: TestBot, marker: string): Promise<void> {
  const record = new RecordStatus({
    plan,
    deployment,
    answers: bot.store.answers,
    states: bot.store.states,
    clock: bot.clock,
  });
  for (const a of allActivities(plan)) {
    const o = deployment.owners.find((x) => x.role === a.ownerRole)!.owner;
    bot.clock.advance(1000);
    const outcome = await record.submit({
      activityId: a.id,
      promptId: `p-${marker}-${a.id}`,
      actor: o,
      draft: {
        status: 'pågår',
        comment: `=HYPERLINK("https://ond.example/${a.id}")`,
        milestonesReached: [],
        indicators: a.indicators[0] ? { [a.indicators[0].id]: a.indicators[0].max } : {},
        evidenceUrl: `https://intranat.example.se/${marker}/${a.id}`,
      },
    });
    expect(outcome.kind).toBe('saved');
  }
}

describe('the tab API in production, with single sign-on tokens checked against a local stand-in for Entra ID', () => {
  const key = new SigningKey('entra-1');
  const stranger = new SigningKey('entra-1'); // same key id, never published
  let keys: OpenIdStandIn;
  let bot: TestBot;

  beforeAll(async () => {
    keys = await new OpenIdStandIn([key]).start();
    bot = await startTestBot({
      now: new Date().toISOString(),
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'hemligt',
        ALLOWED_TENANT_ID: TENANT,
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
        TAB_DOMAIN: HOST,
        TAB_OPENID_METADATA_URL: keys.metadataUrl,
      },
    });
    await answerAll(bot, 'a');
  });
  afterAll(async () => {
    await bot?.dispose();
    await keys?.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  /** What Entra ID puts in an access token for the app's exposed API (v2). */
  const claims = (user: { aadObjectId: string; name: string }, overrides: Record<string, unknown> = {}) => ({
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    aud: AUDIENCE,
    tid: TENANT,
    oid: user.aadObjectId,
    name: user.name,
    scp: 'access_as_user',
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const OTHER_TENANT = '99999999-0000-0000-0000-000000000001';

  const PATHS = [
    `/api/tab/me`,
    `/api/tab/plans/${PLAN}`,
    `/api/tab/plans/${PLAN}/export.xlsx`,
    `/api/tab/plans/${PLAN}/reports/1/docx`,
    `/api/tab/plans/${PLAN}/reports/1/pdf`,
    `/api/tab/plans/${PLAN}/activities/2a/history`,
  ];
  const REFUSED: Array<[string, () => Record<string, string>]> = [
    ['no token', () => ({})],
    ['another scheme', () => ({ authorization: 'Basic YTpi' })],
    ['a malformed token', () => ({ authorization: 'Bearer inte.en.token' })],
    ['an expired token', () => bearer(key.sign(claims(USERS.maria, { exp: now() - 3600, nbf: now() - 7200 })))],
    ['a token not yet valid', () => bearer(key.sign(claims(USERS.maria, { nbf: now() + 3600 })))],
    ["the wrong audience (the bot's own app id)", () => bearer(key.sign(claims(USERS.maria, { aud: APP_ID })))],
    [
      'the wrong audience (another host)',
      () => bearer(key.sign(claims(USERS.maria, { aud: `api://ond.example/${APP_ID}` }))),
    ],
    [
      'the wrong tenant',
      () =>
        bearer(
          key.sign(
            claims(USERS.maria, { tid: OTHER_TENANT, iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
          ),
        ),
    ],
    ['the wrong tenant under our issuer', () => bearer(key.sign(claims(USERS.maria, { tid: OTHER_TENANT })))],
    ['a wrong issuer', () => bearer(key.sign(claims(USERS.maria, { iss: 'https://sts.windows.net/ond/' })))],
    ['a forged signature (a key never published)', () => bearer(stranger.sign(claims(USERS.maria)))],
    ['HS256 signed with the public key (key confusion)', () => bearer(key.signHs256WithPublicKey(claims(USERS.maria)))],
    ['an unsigned token (alg none)', () => bearer(unsignedToken(claims(USERS.maria), key.kid))],
    ['no object id', () => bearer(key.sign(claims(USERS.maria, { oid: undefined })))],
  ];

  it.each(REFUSED)('%s gets 401 on every API path, with no data', async (_case, headers) => {
    for (const path of PATHS) {
      const res = await get(`${bot.url}${path}`, headers());
      expect([path, res.status, res.body]).toEqual([path, 401, UNAUTHORIZED]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a valid token for the management group sees every activity, and the v1 issuer is accepted too', async () => {
    for (const iss of [`https://login.microsoftonline.com/${TENANT}/v2.0`, `https://sts.windows.net/${TENANT}/`]) {
      const res = await get(`${bot.url}/api/tab/plans/${PLAN}`, bearer(key.sign(claims(USERS.maria, { iss }))));
      expect(res.status).toBe(200);
      expect(res.body.role).toBe('ledning');
      expect(res.body.activities.map((a: { id: string }) => a.id)).toEqual(allActivities(plan).map((a) => a.id));
    }
    const me = await get(`${bot.url}/api/tab/me`, bearer(key.sign(claims(USERS.maria))));
    expect(me.body).toEqual({
      name: 'Maria Sjöberg',
      local: false,
      plans: [{ id: PLAN, title: plan.title, role: 'ledning' }],
    });
  });

  it("an owner asking for another activity's history gets 403 and nothing of its links or values; their own, all of it", async () => {
    const owners = [USERS.karin, USERS.johan, USERS.sara, USERS.erik];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...owners),
        fc.constantFrom(...allActivities(plan).map((a) => a.id)),
        fc.constantFrom('', '?status=pågår', '?from=2020-01-01&to=2099-12-31'),
        async (owner, activityId, query) => {
          const res = await get(
            `${bot.url}/api/tab/plans/${PLAN}/activities/${activityId}/history${query}`,
            bearer(key.sign(claims(owner))),
          );
          const text = JSON.stringify(res.body);
          if (own(owner.aadObjectId).includes(activityId)) {
            expect(res.status).toBe(200);
            expect(res.body.activityId).toBe(activityId);
            expect(res.body.answers).toHaveLength(1);
            expect([...text.matchAll(/intranat\.example\.se\/a\/(\w+)/g)].map((m) => m[1])).toEqual([activityId]);
          } else {
            expect([res.status, res.body]).toEqual([
              403,
              { error: 'Forbidden', message: 'Du har inte behörighet till det här.' },
            ]);
            expect(text).not.toMatch(/intranat|indicators|HYPERLINK/);
          }
        },
      ),
      { numRuns: 24 },
    );
    const maria = bearer(key.sign(claims(USERS.maria)));
    const history = await get(`${bot.url}/api/tab/plans/${PLAN}/activities/2a/history?status=risk`, maria);
    expect([history.status, history.body.answers]).toEqual([200, []]);
    for (const bad of ['?status=okänd', '?from=igår', '?to=2026-13']) {
      const res = await get(`${bot.url}/api/tab/plans/${PLAN}/activities/2a/history${bad}`, maria);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
    expect((await get(`${bot.url}/api/tab/plans/${PLAN}/activities/finns-inte/history`, maria)).status).toBe(403);
    expect((await get(`${bot.url}/api/tab/plans/okand/activities/2a/history`, maria)).status).toBe(404);
  });

  it("a valid token for an owner never returns another activity's link, on any route (JSON and Excel)", async () => {
    const owners = [USERS.karin, USERS.johan, USERS.sara];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...owners), fc.constantFrom(...PATHS.slice(0, 3)), async (owner, path) => {
        const res = await get(`${bot.url}${path}`, bearer(key.sign(claims(owner))));
        expect(res.status).toBe(200);
        const text = Buffer.isBuffer(res.body) ? await workbookText(res.body) : JSON.stringify(res.body);
        const mine = own(owner.aadObjectId);
        const linked = [...text.matchAll(/intranat\.example\.se\/a\/(\w+)/g)].map((m) => m[1]);
        expect(new Set(linked)).toEqual(new Set(path.endsWith('/me') ? [] : mine));
      }),
      { numRuns: 12 },
    );
    const reader = await get(`${bot.url}/api/tab/plans/${PLAN}`, bearer(key.sign(claims(USERS.erik))));
    expect(reader.body.role).toBe('läsare');
    expect(reader.body.activities).toEqual([]);
    expect(JSON.stringify(reader.body)).not.toContain('intranat');
    const readerExport = await get(
      `${bot.url}/api/tab/plans/${PLAN}/export.xlsx`,
      bearer(key.sign(claims(USERS.erik))),
    );
    expect(readerExport.status).toBe(403);
    const ownerReports = await get(
      `${bot.url}/api/tab/plans/${PLAN}/reports/1/docx`,
      bearer(key.sign(claims(USERS.karin))),
    );
    expect(ownerReports.status).toBe(403);
  });

  it('the Excel export has one sheet each for answers, assessments, revisions and sends, with formulas kept as text', async () => {
    const res = await get(`${bot.url}/api/tab/plans/${PLAN}/export.xlsx`, bearer(key.sign(claims(USERS.maria))));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const book = await loadBook(res.body);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Svar', 'Bedömningar', 'Revideringar', 'Utskick']);
    const answers = book.getWorksheet('Svar')!;
    expect(answers.getRow(1).values).toContain('Lämnat av');
    expect(answers.rowCount).toBe(1 + allActivities(plan).length);
    answers.eachRow((row, n) => {
      if (n === 1) return;
      for (const cell of row.values as unknown[]) {
        expect(typeof cell === 'object' && cell !== null && 'formula' in cell).toBe(false);
        if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@]/);
      }
    });
    expect(JSON.stringify(answers.getRow(2).values)).toContain("'=HYPERLINK");
    const ownerBook = await loadBook(
      (await get(`${bot.url}/api/tab/plans/${PLAN}/export.xlsx`, bearer(key.sign(claims(USERS.johan))))).body,
    );
    expect(ownerBook.worksheets.map((w) => w.name)).toEqual(['Svar', 'Bedömningar', 'Revideringar']);
  });

  it("the whole plan carries each activity's latest answer only, not its history", async () => {
    await answerAll(bot, 'b');
    const res = await get(`${bot.url}/api/tab/plans/${PLAN}`, bearer(key.sign(claims(USERS.maria))));
    expect(res.body.activities.every((a: { history?: unknown }) => a.history === undefined)).toBe(true);
    const text = JSON.stringify(res.body);
    expect(text).toContain('intranat.example.se/b/');
    expect(text).not.toContain('intranat.example.se/a/');
    const history = await get(
      `${bot.url}/api/tab/plans/${PLAN}/activities/2a/history`,
      bearer(key.sign(claims(USERS.maria))),
    );
    expect(history.body.answers.map((h: { evidenceUrl: string }) => h.evidenceUrl)).toEqual([
      'https://intranat.example.se/a/2a',
      'https://intranat.example.se/b/2a',
    ]);
  });
});

/** Every text cell of a workbook, joined. */
async function workbookText(bytes: Buffer): Promise<string> {
  const book = await loadBook(bytes);
  const texts: string[] = [];
  book.eachSheet((ws) => ws.eachRow((row) => texts.push(JSON.stringify(row.values))));
  return texts.join('\n');
}

describe("the tab API in local mode (no app id): the Playground's users, named by the page", () => {
  let bot: TestBot;
  let connector: LocalConnector;
  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot();
    await answerAll(bot, 'a');
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });
  const as = (u: { aadObjectId: string }) => ({ 'x-lokal-anvandare': u.aadObjectId });

  it("offers the deployment's people with their part, and someone with none", async () => {
    const res = await get(`${bot.url}/api/tab/people`);
    expect(res.body.people).toEqual(
      expect.arrayContaining([
        { userId: USERS.maria.aadObjectId, name: 'Maria Sjöberg', role: 'Ledningsgruppen' },
        { userId: USERS.karin.aadObjectId, name: 'Karin Lind', role: 'Aktivitetsägare' },
        { userId: 'utan-roll', name: 'Någon utan roll i planen', role: 'Läsare' },
      ]),
    );
  });

  it('shows each person what their role allows, and nobody unnamed or unknown', async () => {
    expect((await get(`${bot.url}/api/tab/plans/${PLAN}`)).status).toBe(401);
    expect((await get(`${bot.url}/api/tab/plans/${PLAN}`, { 'x-lokal-anvandare': 'okänd' })).status).toBe(401);
    const karin = await get(`${bot.url}/api/tab/plans/${PLAN}`, as(USERS.karin));
    expect(karin.body.activities.map((a: { id: string }) => a.id)).toEqual(own(USERS.karin.aadObjectId));
    const reader = await get(`${bot.url}/api/tab/plans/${PLAN}`, { 'x-lokal-anvandare': 'utan-roll' });
    expect(reader.body).toMatchObject({ role: 'läsare', activities: [] });
    expect((await get(`${bot.url}/api/tab/plans/okand-plan`, as(USERS.maria))).status).toBe(404);
  });

  it('offers each fixed version as Word, PDF and CSV with who fixed it and when, to the management group only', async () => {
    const chat = new Chat(bot, connector);
    // Fastställ asks first; its "Ja" comes back confirmed.
    await chat.press(USERS.anders, 'fixReport', { version: 1, confirmed: '1' });
    const [version] = await bot.store.followUp.versions(PLAN);
    expect(version).toMatchObject({ version: 1, fixedBy: { name: 'Anders Holm' } });
    const view = await get(`${bot.url}/api/tab/plans/${PLAN}`, as(USERS.maria));
    expect(view.body.reports).toEqual([{ version: 1, fixedBy: 'Anders Holm', fixedAt: version!.fixedAt }]);
    const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const base = `/api/tab/plans/${PLAN}/reports/1`;
    const docx = await get(`${bot.url}${base}/docx`, as(USERS.maria));
    expect([docx.status, docx.headers.get('content-type'), sha256(docx.body)]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      version!.documentSha256,
    ]);
    const pdf = await get(`${bot.url}${base}/pdf`, as(USERS.anders));
    expect([pdf.status, pdf.headers.get('content-type'), sha256(pdf.body)]).toEqual([
      200,
      'application/pdf',
      version!.pdfSha256,
    ]);
    expect(pdf.headers.get('content-disposition')).toBe(
      'attachment; filename="uppfoljning-ha-familjehem-version-1.pdf"',
    );
    const csv = await get(`${bot.url}${base}/csv`, as(USERS.maria));
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(csv.body.toString('utf8')).toContain("'=HYPERLINK");
    for (const format of ['docx', 'pdf', 'csv']) {
      for (const who of [USERS.karin, USERS.johan, { aadObjectId: 'utan-roll' }]) {
        const res = await get(`${bot.url}${base}/${format}`, as(who));
        expect([format, res.status, res.body]).toEqual([
          format,
          403,
          { error: 'Forbidden', message: 'Du har inte behörighet till det här.' },
        ]);
      }
      expect((await get(`${bot.url}${base}/${format}`)).status).toBe(401);
    }
    expect((await get(`${bot.url}/api/tab/plans/${PLAN}`, as(USERS.karin))).body.reports).toEqual([]);
    expect((await get(`${bot.url}/api/tab/plans/${PLAN}/reports/2/pdf`, as(USERS.maria))).status).toBe(404);
    expect((await get(`${bot.url}${base}/exe`, as(USERS.maria))).status).toBe(404);
  });

  it('the page itself holds no data: it is the same for everyone and names no activity', async () => {
    const res = await fetch(`${bot.url}/tab`);
    if (res.status === 404) {
      expect(await res.json()).toEqual({ error: 'NotFound', message: 'Fliken är inte byggd: kör npm run build.' });
      return;
    }
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
    for (const a of allActivities(plan)) expect(html).not.toContain(a.title);
    expect(html).not.toContain('intranat');
  });
});
