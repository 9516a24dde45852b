import fc from 'fast-check';
import { loadDeployment } from '../../src/config/deploymentFile';
import { DashboardQueries } from '../../src/app/dashboard';
import { Permissions } from '../../src/app/permissions';
import { RecordStatus } from '../../src/app/recordStatus';
import { sendKeys } from '../../src/app/sendOnce';
import type { Store } from '../../src/app/ports';
import type { FollowUpContext } from '../../src/app/context';
import { allActivities } from '../../src/domain/plan';
import { revisedPlan, type PlanRevision } from '../../src/domain/revisions';
import { BACKENDS, type Backend } from '../support/stores';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

const { plan: filePlan, deployment } = loadDeployment('deployments/local.json');
const person = (u: { aadObjectId: string; name: string }) => ({ userId: u.aadObjectId, name: u.name });
const karin = person(USERS.karin); // owner, familjehemsenheten (1b, 2a, 3b)
const johan = person(USERS.johan); // owner, barnenheten (1a, 3a)
const sara = person(USERS.sara); // Karin's deputy
const anders = person(USERS.anders); // administrator
const maria = person(USERS.maria); // management group
const erik = person(USERS.erik); // no part in the plan

const OWN: Record<string, string[]> = {
  [karin.userId]: ['1b', '2a', '3b'],
  [sara.userId]: ['1b', '2a', '3b'],
  [johan.userId]: ['1a', '3a'],
};

describe.each(BACKENDS)('the dashboard read model on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  let clock: TestClock;
  let ctx: FollowUpContext;
  let record: RecordStatus;
  let dashboard: DashboardQueries;
  let revisions: PlanRevision[];

  beforeEach(async () => {
    backend = await makeBackend();
    store = await backend.open();
    clock = new TestClock(new Date('2026-11-28T09:00:00Z'));
    revisions = [];
    ctx = {
      get plan() {
        return revisedPlan(filePlan, revisions);
      },
      deployment,
      answers: store.answers,
      states: store.states,
      clock,
    };
    record = new RecordStatus(ctx);
    dashboard = new DashboardQueries(ctx, store.followUp, store.schedule, new Permissions(ctx));
  });
  afterEach(async () => backend.dispose());

  const answer = async (actor: typeof karin, activityId: string, extra: Record<string, unknown> = {}) => {
    const outcome = await record.submit({
      activityId,
      promptId: `p-${activityId}-${clock.now().toISOString()}`,
      actor,
      draft: { status: 'pågår', milestonesReached: [], indicators: {}, ...extra },
    });
    expect(outcome.kind).toBe('saved');
  };

  it('gives each person the role the permission table gives them', () => {
    expect(dashboard.roleOf(maria.userId)).toBe('ledning');
    expect(dashboard.roleOf(anders.userId)).toBe('ledning');
    expect(dashboard.roleOf(karin.userId)).toBe('ägare');
    expect(dashboard.roleOf(sara.userId)).toBe('ägare');
    expect(dashboard.roleOf(johan.userId)).toBe('ägare');
    expect(dashboard.roleOf(erik.userId)).toBe('läsare');
  });

  it('whatever was answered, an owner sees the overview and only their own activities, links and indicator values', async () => {
    const activityIds = allActivities(filePlan).map((a) => a.id);
    const owners = [karin, johan];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ activity: fc.constantFrom(...activityIds), n: fc.nat(999) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (answers) => {
          for (const a of answers) {
            clock.advance(60_000);
            const activity = allActivities(filePlan).find((x) => x.id === a.activity)!;
            const indicator = activity.indicators[0];
            const by = owners.find((o) => OWN[o.userId]!.includes(a.activity))!;
            await answer(by, a.activity, {
              evidenceUrl: `https://intranat.example.se/${a.activity}/${a.n}`,
              indicators: indicator ? { [indicator.id]: indicator.min } : {},
            });
          }
          for (const viewer of [karin, sara, johan]) {
            const view = await dashboard.view(viewer.userId);
            expect(view.role).toBe('ägare');
            expect(view.overview.map((r) => r.id)).toEqual(filePlan.recommendations.map((r) => r.id));
            expect(view.activities.map((a) => a.id).sort()).toEqual([...OWN[viewer.userId]!].sort());
            const links = JSON.stringify(view).match(/https:\/\/intranat\.example\.se\/(\w+)\//g) ?? [];
            for (const link of links) expect(OWN[viewer.userId]).toContain(link.split('/')[3]);
          }
          const reader = await dashboard.view(erik.userId);
          expect(reader.activities).toEqual([]);
          expect(JSON.stringify(reader)).not.toMatch(/intranat|"indicators"/);
          const management = await dashboard.view(maria.userId);
          expect(management.activities.map((a) => a.id)).toEqual(activityIds);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('lists the history oldest first with who, when, status and comment, and counts closed activities', async () => {
    await answer(karin, '2a', { comment: 'Första' });
    clock.advance(3_600_000);
    await answer(sara, '2a', { comment: 'Andra', status: 'risk' });
    clock.advance(3_600_000);
    await answer(karin, '1b', {
      status: 'klar',
      milestonesReached: allActivities(filePlan)
        .find((a) => a.id === '1b')!
        .milestones.filter((m) => !m.reached)
        .map((m) => m.id),
    });

    const view = await dashboard.view(maria.userId);
    const a2 = view.activities.find((a) => a.id === '2a')!;
    expect(a2.latest).toMatchObject({ answeredBy: 'Sara Berg', comment: 'Andra', statusLabel: 'Risk för försening' });
    const history = await dashboard.history(maria.userId, '2a');
    expect(history!.answers.map((h) => [h.answeredBy, h.comment, h.statusLabel])).toEqual([
      ['Karin Lind', 'Första', 'Pågår enligt plan'],
      ['Sara Berg', 'Andra', 'Risk för försening'],
    ]);
    expect(JSON.stringify(view)).not.toContain('Första');
    expect(a2.state).toBe('risk');
    expect(a2.unanswered).toBe(false);
    expect(view.activities.find((a) => a.id === '1a')!.unanswered).toBe(true);
    const rek1 = view.overview.find((r) => r.id === 'rek1')!;
    expect([rek1.closed, rek1.total]).toEqual([1, 2]);
  });

  it("narrows one activity's history by status and period, and gives it only to those who may see the activity", async () => {
    await answer(karin, '2a', { comment: 'Första' });
    clock.advance(2 * 86_400_000);
    await answer(karin, '2a', { comment: 'Andra', status: 'risk' });
    const comments = async (filter: Parameters<DashboardQueries['history']>[2]) =>
      (await dashboard.history(karin.userId, '2a', filter))!.answers.map((h) => h.comment);
    expect(await comments({})).toEqual(['Första', 'Andra']);
    expect(await comments({ status: 'risk' })).toEqual(['Andra']);
    expect(await comments({ to: '2026-11-28' })).toEqual(['Första']);
    expect(await comments({ from: '2026-11-29' })).toEqual(['Andra']);
    expect(await dashboard.history(johan.userId, '2a')).toBeUndefined();
    expect(await dashboard.history(erik.userId, '2a')).toBeUndefined();
    expect(await dashboard.history(maria.userId, 'finns-inte')).toBeUndefined();
    expect((await dashboard.history(anders.userId, '2a'))!.answers).toHaveLength(2);
  });

  it("shows a milestone with the seed's words, the revision from → to with its reason, and when it was reached", async () => {
    const milestone = filePlan.recommendations[1]!.activities[0]!.milestones[1]!;
    revisions.push({
      planId: filePlan.id,
      id: 'rev-1',
      at: '2026-11-20T10:00:00Z',
      by: anders,
      reason: 'Rutinen behöver remissas',
      change: {
        kind: 'moved',
        milestoneId: milestone.id,
        to: { text: 'mars 2027', from: '2027-03-01', to: '2027-03-31' },
      },
    });
    await answer(karin, '2a', { milestonesReached: [milestone.id] });

    const m = (await dashboard.view(karin.userId)).activities
      .find((a) => a.id === '2a')!
      .milestones.find((x) => x.id === milestone.id)!;
    expect(m.reached).toBeUndefined(); // the overview carries no history: the activity's own read says when
    expect(m.dateWords).toBe('mars 2027');
    expect(m.revision).toMatchObject({
      kind: 'moved',
      from: milestone.due.text,
      to: 'mars 2027',
      reason: 'Rutinen behöver remissas',
      by: 'Anders Holm',
    });
    expect((await dashboard.history(karin.userId, '2a'))!.reached[milestone.id]).toBe('2026-11-28');
  });

  it("says how this cycle's prompt went for each activity, and lists fixed reports to the management group only", async () => {
    await store.schedule.saveJobCursor(
      {
        planId: filePlan.id,
        job: 'prompts',
        lastDueAt: '2026-11-23T08:00:00Z',
        current: { id: '2026-11-23', startedAt: '2026-11-23T08:00:00Z', complete: true, remindersDone: 0 },
      },
      undefined,
    );
    const key = sendKeys.of({ kind: 'prompt', cycleId: '2026-11-23' }, 'enhetschef-barnenheten');
    expect(
      await store.schedule.claimSend(
        { planId: filePlan.id, key, recipient: johan.userId, holder: 'h', claimedAt: '2026-11-23T08:00:01Z' },
        new Date('2026-11-23T08:00:01Z'),
        60_000,
      ),
    ).toBe('claimed');
    await store.schedule.finishSend(filePlan.id, key, 'unreachable', new Date('2026-11-23T08:00:02Z'), undefined, {
      reason: 'notInstalled',
    });
    await store.followUp.fixVersion({
      planId: filePlan.id,
      version: 1,
      fixedBy: anders,
      fixedAt: '2026-11-27T12:00:00Z',
      documentSha256: 'a'.repeat(64),
      planSha256: 'b'.repeat(64),
      contentSha256: 'c'.repeat(64),
    });

    const view = await dashboard.view(maria.userId);
    expect(view.activities.find((a) => a.id === '1a')!.delivery).toEqual({
      cycle: '2026-11-23',
      outcome: 'unreachable',
      reason: 'notInstalled',
    });
    expect(view.activities.find((a) => a.id === '2a')!.delivery).toEqual({ cycle: '2026-11-23', outcome: 'none' });
    expect(view.reports).toEqual([{ version: 1, fixedBy: 'Anders Holm', fixedAt: '2026-11-27T12:00:00Z' }]);
    expect((await dashboard.view(johan.userId)).reports).toEqual([]);
  });
});
