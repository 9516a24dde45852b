import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerExtract } from '../../src/app/registerExtract';
import { parseArgs } from '../../src/cli/registerutdrag';
import { refuseTerminal } from '../../src/cli/uppfoljning';
import { RecordStatus } from '../../src/app/recordStatus';
import { FollowUpReports } from '../../src/app/reportVersions';
import type { Store } from '../../src/app/ports';
import { loadDeployment } from '../../src/config/deploymentFile';
import { reportRenderer } from '../../src/report/renderer';
import { registerExtractDocx } from '../../src/report/registerExtractDocx';
import { readDocx } from '../support/docx';
import { formatSwedishDateTime } from '../../src/domain/dates';
import { BACKENDS, type Backend } from '../support/stores';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

const { plan, deployment } = loadDeployment('deployments/local.json');
const PLAN_SHA = createHash('sha256').update(readFileSync('plans/hagersten-alvsjo-familjehem.json')).digest('hex');
const person = (u: (typeof USERS)[keyof typeof USERS]) => ({ userId: u.aadObjectId, name: u.name });
const karin = person(USERS.karin);
const anders = person(USERS.anders);

describe.each(BACKENDS)('a register extract on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  const clock = new TestClock(new Date('2026-11-30T09:00:00Z'));

  beforeAll(async () => {
    backend = await makeBackend();
    store = await backend.open();
    const ctx = { plan, deployment, answers: store.answers, states: store.states, clock };
    await new RecordStatus(ctx).submit({
      activityId: '2a',
      promptId: 'p1',
      actor: karin,
      draft: { status: 'pågår', comment: 'Karins svar', milestonesReached: [], indicators: {} },
    });
    await new RecordStatus(ctx).submit({
      activityId: '1a',
      promptId: 'p2',
      actor: person(USERS.johan),
      draft: { status: 'pågår', comment: 'Johans svar', milestonesReached: [], indicators: {} },
    });
    await store.conversations.saveConversation({
      key: `personal:${karin.userId}`,
      kind: 'personal',
      userId: karin.userId,
      reference: { conversation: { id: 'c-karin' } },
      updatedAt: clock.now().toISOString(),
      gone: false,
    });
    await store.roster.saveEntry({
      planId: plan.id,
      userId: karin.userId,
      teamId: 'team-1',
      memberId: '29:karin',
      name: karin.name,
      seenAt: clock.now().toISOString(),
      present: true,
    });
    await store.deployments.appendAudit({
      planId: plan.id,
      id: 'a1',
      at: clock.now().toISOString(),
      by: anders,
      what: 'Ersättare för Enhetschef, familjehemsenheten',
      before: '',
      after: `${karin.name}`,
    });
    clock.advance(60_000);
    await new FollowUpReports(ctx, store.followUp, PLAN_SHA, reportRenderer, store.deployments, plan).fix(anders);
  });
  afterAll(async () => backend.dispose());

  it('holds the person’s whole footprint: roles, answers, references, roster entries, audit lines and fixed reports', async () => {
    const extract = await registerExtract(store, plan.id, deployment, karin.userId, anders, clock.now());
    expect(extract.person).toEqual({ userId: karin.userId, names: [karin.name] });
    expect(extract.roles).toEqual([{ role: 'ansvarig', ownerRole: 'enhetschef-familjehemsenheten' }]);
    const answers = extract.records.svar!.filter((r) => 'comment' in r).map((r) => r.comment);
    expect(answers).toContain('Karins svar');
    expect(JSON.stringify(extract)).not.toContain('Johans svar');
    expect(extract.records.konversationer).toHaveLength(1);
    expect(extract.records.teammedlemmar).toHaveLength(1);
    expect(extract.mentionedInAudit.map((a) => a.what)).toEqual(['Ersättare för Enhetschef, familjehemsenheten']);
    expect(extract.fixedReports).toEqual([
      expect.objectContaining({
        version: 1,
        as: ['lämnade svar', 'namngiven i driftinställningarna', 'i ändringsloggen'],
      }),
    ]);
    // The administrator who fixed the version and logged the change: found as such.
    const own = await registerExtract(store, plan.id, deployment, anders.userId, anders, clock.now());
    expect(own.roles).toEqual([{ role: 'administratör' }]);
    expect(own.fixedReports[0]!.as).toContain('fastställde versionen');
    expect(own.records.andringslogg!.some((r) => r.what === 'Ersättare för Enhetschef, familjehemsenheten')).toBe(true);
  });

  it('comes as a Word document too, the same each time, with every record and the person’s own words', async () => {
    const extract = await registerExtract(store, plan.id, deployment, karin.userId, anders, clock.now());
    const bytes = await registerExtractDocx(extract);
    expect(Buffer.compare(bytes, await registerExtractDocx(extract))).toBe(0);
    const doc = await readDocx(bytes);
    expect(doc.headings.map((h) => h.text)).toEqual(
      expect.arrayContaining([
        `Registerutdrag om ${karin.name}`,
        'Svar, bedömningar och planrevisioner (2)',
        'Konversationsreferenser för personer som inte längre finns i driften eller teamet (1)',
      ]),
    );
    const text = doc.paragraphs.join('\n');
    expect(text).toContain('comment: Karins svar');
    expect(text).toContain('Roller: ansvarig (enhetschef-familjehemsenheten)');
    expect(text).not.toContain('Johans svar');
    // Instants as a person reads them, not as stored.
    expect(text).toContain(`answeredAt: ${formatSwedishDateTime('2026-11-30T09:00:00.000Z')}`);
    expect(text).not.toMatch(/: \d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('is audited with who asked and about whom', async () => {
    const log = (await store.deployments.auditLog(plan.id)).filter((a) => a.what === 'Registerutdrag');
    expect(log.map((a) => [a.by.userId, a.after])).toContainEqual([
      anders.userId,
      `Registerutdrag om ${karin.name} (${karin.userId})`,
    ]);
  });

  it('is refused to anyone but an administrator, and then neither reads nor logs anything', async () => {
    const before = (await store.deployments.auditLog(plan.id)).length;
    for (const u of [USERS.karin, USERS.maria, USERS.sara, USERS.erik]) {
      await expect(
        registerExtract(store, plan.id, deployment, karin.userId, person(u), clock.now()),
      ).rejects.toMatchObject({ code: 'NOT_PERMITTED' });
    }
    expect((await store.deployments.auditLog(plan.id)).length).toBe(before);
  });
});

describe('npm run registerutdrag', () => {
  it('takes --format json or docx, json when not told, and refuses anything else in Swedish', () => {
    expect(parseArgs(['--person', 'x'])).toEqual({ person: 'x', format: 'json' });
    expect(parseArgs(['--person', 'x', '--format', 'docx', '--ut', 'u.docx'])).toEqual({
      person: 'x',
      format: 'docx',
      out: 'u.docx',
    });
    expect(() => parseArgs(['--person', 'x', '--format', 'pdf'])).toThrow('--format är json eller docx');
  });

  it('refuses to write the Word file to a terminal before anything is extracted', () => {
    expect(() => refuseTerminal(undefined, { isTTY: true }, true)).toThrow('skrivs inte till terminalen');
    expect(() => refuseTerminal('-', { isTTY: true }, true)).not.toThrow();
    expect(() => refuseTerminal(undefined, { isTTY: true }, false)).not.toThrow();
  });
});
