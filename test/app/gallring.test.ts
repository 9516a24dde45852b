import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_ACTOR, parseArgs, runGallring } from '../../src/cli/gallring';
import { SqliteStore } from '../../src/storage/sqlite/sqliteStore';
import { gallring, gallringLines } from '../../src/app/gallring';
import { RecordStatus } from '../../src/app/recordStatus';
import { FollowUpReports } from '../../src/app/reportVersions';
import type { Store } from '../../src/app/ports';
import { loadDeployment } from '../../src/config/deploymentFile';
import type { Deployment } from '../../src/domain/deployment';
import { reportRenderer } from '../../src/report/renderer';
import { BACKENDS, type Backend } from '../support/stores';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

const { plan, deployment: fileDeployment } = loadDeployment('deployments/local.json');
const PLAN_SHA = createHash('sha256').update(readFileSync('plans/hagersten-alvsjo-familjehem.json')).digest('hex');
const karin = { userId: USERS.karin.aadObjectId, name: USERS.karin.name };
const anders = { userId: USERS.anders.aadObjectId, name: USERS.anders.name };
const job = { userId: 'gallring', name: 'Gallring (test)' };
const DAY = 86_400_000;
/** The proposal's defaults, with answers disposed of two years after they were given. */
const deployment: Deployment = {
  ...fileDeployment,
  retention: { ...fileDeployment.retention, svar: { action: 'gallras', after: 'P2Y', from: 'besvarad' } },
};
const leaver = 'aad-person-who-left';

describe.each(BACKENDS)('gallring on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  let clock: TestClock;

  const answer = (promptId: string, comment: string) =>
    new RecordStatus({ plan, deployment, answers: store.answers, states: store.states, clock }).submit({
      activityId: '2a',
      promptId,
      actor: karin,
      draft: { status: 'pågår', comment, milestonesReached: [], indicators: {} },
    });
  const reports = () =>
    new FollowUpReports(
      { plan, deployment, answers: store.answers, states: store.states, clock },
      store.followUp,
      PLAN_SHA,
      reportRenderer,
      store.deployments,
      plan,
    );
  const run = (dryRun: boolean) => gallring(store, plan.id, deployment, clock.now(), { dryRun, by: job });
  const count = (result: Awaited<ReturnType<typeof run>>, kind: string) =>
    result.items.find((i) => i.kind === kind)!.ids.length;

  beforeAll(async () => {
    backend = await makeBackend();
    store = await backend.open();
    clock = new TestClock(new Date('2026-11-30T09:00:00Z'));
    await answer('p1', 'Första svaret');
    clock.advance(7 * DAY);
    await answer('p2', 'Andra svaret');
    await store.schedule.claimSend(
      {
        planId: plan.id,
        key: `prompt:2026-12-07:${karin.userId}`,
        recipient: karin.userId,
        holder: 'h',
        claimedAt: clock.now().toISOString(),
      },
      clock.now(),
      60_000,
    );
    for (const userId of [karin.userId, leaver]) {
      await store.conversations.saveConversation({
        key: `personal:${userId}`,
        kind: 'personal',
        userId,
        reference: { conversation: { id: `c-${userId}` } },
        updatedAt: clock.now().toISOString(),
        gone: false,
      });
      await store.roster.saveEntry({
        planId: plan.id,
        userId,
        teamId: 'team-1',
        memberId: `29:${userId}`,
        name: userId,
        seenAt: clock.now().toISOString(),
        present: userId !== leaver,
      });
    }
  });
  afterAll(async () => backend.dispose());

  it('a dry run lists what would go by rule and count, and removes nothing', async () => {
    clock.set('2027-01-15T09:00:00Z');
    const dry = await run(true);
    expect(count(dry, 'svar')).toBe(0);
    expect(count(dry, 'konversationer')).toBe(1);
    expect(count(dry, 'teammedlemmar')).toBe(1);
    expect(count(dry, 'utskick')).toBe(0);
    expect(gallringLines(dry).join('\n')).toMatch(/Konversationsreferenser.*: 1 skulle gallras, äldsta 2026-12-07/);
    expect(await store.records.held(plan.id, 'konversationer')).toHaveLength(2);
    expect((await store.deployments.auditLog(plan.id)).filter((a) => a.what === 'Gallring')).toHaveLength(0);
  });

  it('a real run removes exactly what the dry run listed, and writes one audit entry saying so', async () => {
    const dry = await run(true);
    const real = await run(false);
    expect(real.items.map((i) => i.ids)).toEqual(dry.items.map((i) => i.ids));
    expect((await store.records.held(plan.id, 'konversationer')).map((r) => r.userId)).toEqual([karin.userId]);
    expect((await store.records.held(plan.id, 'teammedlemmar')).map((r) => r.userId)).toEqual([karin.userId]);
    expect(await store.conversations.conversation(`personal:${leaver}`)).toBeUndefined();
    const audits = (await store.deployments.auditLog(plan.id)).filter((a) => a.what === 'Gallring');
    expect(audits).toHaveLength(1);
    expect(audits[0]!.by).toEqual(job);
    expect(audits[0]!.after).toMatch(
      /Konversationsreferenser.*: 1 gallrade, äldsta 2026-12-07T09:00:00.000Z, nyaste 2026-12-07/,
    );
    // Nothing left to do: a second run finds nothing.
    expect((await run(true)).items.every((i) => i.ids.length === 0)).toBe(true);
  });

  it('send records go 90 days after they were made', async () => {
    clock.set('2027-03-06T09:00:00Z');
    expect(count(await run(true), 'utskick')).toBe(0);
    clock.set('2027-03-08T09:00:00Z');
    expect(count(await run(false), 'utskick')).toBe(1);
    expect(await store.records.held(plan.id, 'utskick')).toHaveLength(0);
  });

  it('a fixed version regenerates byte for byte after gallring has removed its source answers, years on', async () => {
    clock.set('2027-06-01T09:00:00Z');
    const fixed = await reports().fix(anders);
    clock.set('2028-11-29T09:00:00Z');
    expect(count(await run(true), 'svar')).toBe(0);
    clock.set('2029-12-10T09:00:00Z');
    const real = await run(false);
    expect(real.removed.svar).toBeGreaterThanOrEqual(2);
    expect(await store.answers.answerHistory(plan.id, '2a')).toHaveLength(0);
    const again = await reports().version(fixed.version.version);
    expect(again?.docx.sha256).toBe(fixed.docx.sha256);
    expect(Buffer.from(again!.docx.bytes).equals(Buffer.from(fixed.docx.bytes))).toBe(true);
    // The version and what it was made from are kept (bevaras).
    expect((await store.records.held(plan.id, 'versioner')).length).toBe(2);
  });

  it('never removes what a version fixed without its own content depends on', async () => {
    clock.set('2030-01-01T09:00:00Z');
    await answer('p3', 'Svar före en äldre sorts version');
    await store.followUp.fixVersion({
      planId: plan.id,
      version: 2,
      fixedBy: karin,
      fixedAt: '2030-01-02T09:00:00.000Z',
      documentSha256: 'a'.repeat(64),
      planSha256: PLAN_SHA,
      contentSha256: 'b'.repeat(64),
    });
    clock.set('2033-01-01T09:00:00Z');
    await answer('p4', 'Svar efter versionen');
    clock.set('2036-01-01T09:00:00Z');
    const real = await run(false);
    const svar = real.items.find((i) => i.kind === 'svar')!;
    expect(svar.protectedCount).toBe(1);
    expect((await store.answers.answerHistory(plan.id, '2a')).map((a) => a.comment)).toEqual([
      'Svar före en äldre sorts version',
    ]);
  });
});

describe('npm run gallring', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gallring-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes --dry-run and refuses anything else in Swedish', () => {
    expect(parseArgs(['--dry-run'])).toEqual({ dryRun: true });
    expect(parseArgs([])).toEqual({ dryRun: false });
    expect(() => parseArgs(['--allt'])).toThrow(/Okänt argument --allt/);
  });

  it('runs on the configured store with the file’s rules, audited as the command line', async () => {
    const store = new SqliteStore({ dataDir });
    await store.conversations.saveConversation({
      key: `personal:${leaver}`,
      kind: 'personal',
      userId: leaver,
      reference: {},
      updatedAt: '2026-01-01T00:00:00.000Z',
      gone: false,
    });
    await store.close();
    const clock = new TestClock(new Date('2026-06-01T00:00:00Z'));
    const dry = await runGallring({ DATA_DIR: dataDir }, { dryRun: true, clock });
    expect(dry.items.find((i) => i.kind === 'konversationer')!.ids).toHaveLength(1);
    const real = await runGallring({ DATA_DIR: dataDir }, { dryRun: false, clock });
    expect(real.removed.konversationer).toBe(1);
    const reopened = new SqliteStore({ dataDir });
    const audit = (await reopened.deployments.auditLog(plan.id)).filter((a) => a.what === 'Gallring');
    await reopened.close();
    expect(audit.map((a) => a.by)).toEqual([CLI_ACTOR]);
  });
});

describe.each(BACKENDS)('a rule counted from the plan’s archiving, on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  afterAll(async () => backend.dispose());

  it('starts when the plan is archived (/arkivera), not before', async () => {
    backend = await makeBackend();
    store = await backend.open();
    const clock = new TestClock(new Date('2026-12-01T09:00:00Z'));
    const archiving: Deployment = {
      ...deployment,
      retention: { ...deployment.retention, svar: { action: 'gallras', after: 'P1Y', from: 'planen arkiverad' } },
    };
    const saved = await new RecordStatus({
      plan,
      deployment: archiving,
      answers: store.answers,
      states: store.states,
      clock,
    }).submit({
      activityId: '2a',
      promptId: 'p1',
      actor: karin,
      draft: { status: 'pågår', comment: 'Rutinen är på remiss', milestonesReached: [], indicators: {} },
    });
    expect(saved.kind).toBe('saved');
    const dry = (at: string) => gallring(store, plan.id, archiving, new Date(at), { dryRun: true, by: job });
    const svar = async (at: string) => (await dry(at)).items.find((i) => i.kind === 'svar')!.ids.length;
    expect(await svar('2036-01-01T00:00:00Z')).toBe(0);
    await store.deployments.appendRevision({
      planId: plan.id,
      id: 'arkiv',
      at: '2030-06-01T10:00:00.000Z',
      by: karin,
      reason: 'Varje rekommendation är avslutad.',
      change: { kind: 'archived' },
    });
    expect(await svar('2031-05-31T00:00:00Z')).toBe(0);
    // The answer, its current state and the archiving revision itself.
    expect(await svar('2031-06-01T10:00:00Z')).toBe(3);
  });
});
