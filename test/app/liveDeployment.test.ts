import type { AuditEntry, Clock, Store } from '../../src/app/ports';
import { LiveDeployment } from '../../src/app/liveDeployment';
import {
  addPause,
  addToGroup,
  removeFromGroup,
  setAbsence,
  setCadence,
  setDeputy,
  setOwner,
} from '../../src/app/deploymentChanges';
import { loadDeployment } from '../../src/config/deploymentFile';
import { BACKENDS, type Backend } from '../support/stores';

const { plan, deployment: fromFile } = loadDeployment('deployments/local.json');
const FAMILJEHEM = 'enhetschef-familjehemsenheten';
const BARN = 'enhetschef-barnenheten';
const anders = { userId: '00000000-0000-0000-0000-0000000000023', name: 'Anders Holm' };
const lisa = { userId: 'lisa-id', name: 'Lisa Ny', email: 'lisa.ny@example.com' };
const karin = fromFile.owners.find((o) => o.role === FAMILJEHEM)!.owner;

/** A clock the test moves by hand. */
function manualClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next) => (now = new Date(next)) };
}

describe.each(BACKENDS)('the deployment in the store, on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  const clock = manualClock('2026-12-01T10:00:00.000Z');

  beforeEach(async () => {
    backend = await makeBackend();
    store = await backend.open();
  });
  afterEach(async () => backend.dispose());

  it('is seeded from the file on first start; after that the store is the truth, also for a second instance', async () => {
    const first = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    expect(first.value).toEqual(fromFile);

    expect((await first.change(anders, setOwner(plan, BARN, lisa))).outcome).toBe('saved');
    // A restart with the unchanged file does not undo what was changed in Teams.
    const restarted = await LiveDeployment.open((await backend.open()).deployments, plan, fromFile, clock);
    expect(restarted.value.owners.find((o) => o.role === BARN)?.owner).toEqual(lisa);
  });

  it('when the plan gains a role the stored deployment lacks, the file fills it in and the change is logged', async () => {
    const oneRole = { ...fromFile, owners: fromFile.owners.filter((o) => o.role !== BARN) };
    await store.deployments.saveDeployment(plan.id, oneRole, undefined);
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    expect(live.value.owners.find((o) => o.role === BARN)?.owner.name).toBe('Johan Ek');
    const [entry] = await store.deployments.auditLog(plan.id);
    expect(entry).toMatchObject({ by: { name: 'Driftfilen' }, what: 'Roller efter ändrad planfil' });
  });

  it('a stored deployment that still breaks a rule stops the start with the reason', async () => {
    await store.deployments.saveDeployment(
      plan.id,
      { ...fromFile, owners: fromFile.owners.map((o) => ({ ...o, deputy: o.owner })) },
      undefined,
    );
    await expect(LiveDeployment.open(store.deployments, plan, fromFile, clock)).rejects.toThrow(
      /kan inte vara sin egen ersättare/,
    );
  });

  it('keeps each plan apart', async () => {
    await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    expect(await store.deployments.deployment('annan-plan')).toBeUndefined();
    expect(await store.deployments.auditLog('annan-plan')).toEqual([]);
  });

  it('records every change in the audit log: who, when, what, before and after', async () => {
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    clock.set('2026-12-02T08:00:00.000Z');
    await live.change(anders, setOwner(plan, BARN, lisa));
    clock.set('2026-12-02T08:05:00.000Z');
    await live.change(anders, setDeputy(plan, FAMILJEHEM, undefined));
    clock.set('2026-12-02T08:06:00.000Z');
    await live.change(anders, addToGroup('managementGroup', lisa));
    clock.set('2026-12-02T08:07:00.000Z');
    await live.change(anders, setCadence(1, '0 10 * * 2'));
    clock.set('2026-12-02T08:08:00.000Z');
    await live.change(anders, addPause({ from: '2027-07-01', to: '2027-07-31' }));

    const log = await store.deployments.auditLog(plan.id);
    expect(log.map(({ at, by, what, before, after }) => ({ at, by, what, before, after }))).toEqual([
      {
        at: '2026-12-02T08:00:00.000Z',
        by: anders,
        what: 'Ansvarig för Enhetschef, barnenheten',
        before: 'Johan Ek',
        after: 'Lisa Ny',
      },
      {
        at: '2026-12-02T08:05:00.000Z',
        by: anders,
        what: 'Ersättare för Enhetschef, familjehemsenheten',
        before: 'Sara Berg',
        after: '(ingen)',
      },
      {
        at: '2026-12-02T08:06:00.000Z',
        by: anders,
        what: 'Ledningsgruppen',
        before: 'Maria Sjöberg',
        after: 'Maria Sjöberg, Lisa Ny',
      },
      {
        at: '2026-12-02T08:07:00.000Z',
        by: anders,
        what: 'Statuskort',
        before: 'var 2:e vecka (0 9 * * 1)',
        after: 'var 1:e vecka (0 10 * * 2)',
      },
      {
        at: '2026-12-02T08:08:00.000Z',
        by: anders,
        what: 'Uppehåll i utskicken',
        before: '(inga)',
        after: '2027-07-01–2027-07-31',
      },
    ]);
    expect(live.value.schedule.prompts).toEqual({ cron: '0 10 * * 2', everyWeeks: 1, anchor: '2026-11-30' });
  });

  it('the audit log is append-only: an entry with the same id is stored once', async () => {
    const entry = {
      planId: plan.id,
      id: 'e1',
      at: '2026-12-01T10:00:00.000Z',
      by: anders,
      what: 'x',
      before: 'a',
      after: 'b',
    };
    expect(await store.deployments.appendAudit(entry)).toBe('stored');
    expect(await store.deployments.appendAudit({ ...entry, after: 'c' })).toBe('duplicate');
    expect(await store.deployments.auditLog(plan.id)).toEqual([entry]);
  });

  it.each([
    [
      'leaves an activity without an owner',
      {
        what: 'x',
        show: () => '',
        apply: (d: typeof fromFile) => ({ ...d, owners: d.owners.filter((o) => o.role !== BARN) }),
      },
      /ingen är utsedd för rollen enhetschef-barnenheten/,
    ],
    ['makes an owner their own deputy', setDeputy(plan, FAMILJEHEM, karin), /kan inte vara sin egen ersättare/],
    ['removes the last administrator', removeFromGroup('administrators', anders.userId), /minst en administratör/],
    ['sets an invalid cron pattern', setCadence(2, 'varje måndag'), /inget giltigt cron-mönster/],
    ['sets a period that ends before it starts', addPause({ from: '2027-08-01', to: '2027-07-01' }), /slutar innan/],
    ['names a person without an e-mail address', setOwner(plan, BARN, { ...lisa, email: 'lisa' }), /e-postadress/],
    ['names a role the plan lacks', setOwner(plan, 'rektor', lisa), /finns inte i planen/],
  ])('a change that %s is refused and changes nothing', async (_what, change, message) => {
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    const result = await live.change(anders, change);
    expect(result.outcome).toBe('refused');
    expect(result.outcome === 'refused' && result.problems.join('\n')).toMatch(message);
    expect((await store.deployments.deployment(plan.id))?.value).toEqual(fromFile);
    expect(await store.deployments.auditLog(plan.id)).toEqual([]);
  });

  it('a change made from a card shown before someone else changed the deployment is refused as stale', async () => {
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    const other = await LiveDeployment.open((await backend.open()).deployments, plan, fromFile, clock);
    const shownAt = live.etag;
    expect((await other.change(anders, setOwner(plan, BARN, lisa))).outcome).toBe('saved');

    expect((await live.change(anders, setDeputy(plan, BARN, karin), shownAt)).outcome).toBe('stale');
    expect(live.value.owners.find((o) => o.role === BARN)?.deputy).toBeUndefined();
  });

  it('two administrators changing different things at once: both changes land, both are logged', async () => {
    const a = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    const b = await LiveDeployment.open((await backend.open()).deployments, plan, fromFile, clock);
    const results = await Promise.all([
      a.change(anders, addToGroup('administrators', lisa)),
      b.change(
        anders,
        setAbsence(karin, {
          userId: karin.userId,
          from: '2027-07-01',
          to: '2027-07-31',
          setBy: anders,
          setAt: clock.now().toISOString(),
        }),
      ),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['saved', 'saved']);
    const stored = (await store.deployments.deployment(plan.id))!.value;
    expect(stored.administrators.map((m) => m.name)).toEqual(['Anders Holm', 'Lisa Ny']);
    expect(stored.absences).toHaveLength(1);
    expect(await store.deployments.auditLog(plan.id)).toHaveLength(2);
  });

  it('the same change again is no change and is not logged', async () => {
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    expect((await live.change(anders, setOwner(plan, BARN, lisa))).outcome).toBe('saved');
    expect((await live.change(anders, setOwner(plan, BARN, lisa))).outcome).toBe('unchanged');
    expect(await store.deployments.auditLog(plan.id)).toHaveLength(1);
  });

  describe('a process that dies between saving a change and writing its audit line', () => {
    /** The store as the dying process saw it: the deployment is saved, then nothing more reaches it. */
    const dyingAfterSave = (): Store['deployments'] =>
      new Proxy(store.deployments, {
        get(target, property, receiver) {
          if (property === 'appendAudit') return () => Promise.reject(new Error('processen dödades (kill -9)'));
          const value: unknown = Reflect.get(target, property, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });

    it.each<[string, (running: LiveDeployment) => Promise<AuditEntry[]>]>([
      ['the next start', async () => (await LiveDeployment.open(store.deployments, plan, fromFile, clock)).auditLog()],
      ['another instance reading the log', (running) => running.auditLog()],
      [
        'another instance making the next change',
        async (running) => {
          await running.change(anders, addToGroup('managementGroup', lisa));
          return store.deployments.auditLog(plan.id);
        },
      ],
    ])('leaves a whole record: %s writes the line, once', async (_who, next) => {
      // Another instance, running since before the change.
      const running = await LiveDeployment.open((await backend.open()).deployments, plan, fromFile, clock);
      const dying = await LiveDeployment.open(dyingAfterSave(), plan, fromFile, clock);
      await expect(dying.change(anders, setOwner(plan, BARN, lisa))).rejects.toThrow('kill -9');
      expect((await store.deployments.deployment(plan.id))?.value.owners.find((o) => o.role === BARN)?.owner).toEqual(
        lisa,
      );
      expect(await store.deployments.auditLog(plan.id)).toHaveLength(0);

      const log = await next(running);
      const owners = log.filter((e) => e.what.startsWith('Ansvarig för') && e.after === 'Lisa Ny');
      expect(owners).toHaveLength(1);
      // Read again, nothing is added twice.
      const again = await (await LiveDeployment.open(store.deployments, plan, fromFile, clock)).auditLog();
      expect(again).toHaveLength(log.length);
    });
  });

  it('the change is taken out of the deployment once its line is written: a line gallring removes later is not written back', async () => {
    const live = await LiveDeployment.open(store.deployments, plan, fromFile, clock);
    expect((await live.change(anders, setOwner(plan, BARN, lisa))).outcome).toBe('saved');
    expect((await store.deployments.deployment(plan.id))?.change).toBeUndefined();
    expect(live.etag).toBe((await store.deployments.deployment(plan.id))?.etag);

    // The audit log disposed of, as a rule `andringslogg: gallras` would.
    const held = await store.records.held(plan.id, 'andringslogg');
    expect(held).toHaveLength(1);
    await store.records.remove(
      plan.id,
      'andringslogg',
      held.map((h) => h.id),
    );
    const restarted = await LiveDeployment.open((await backend.open()).deployments, plan, fromFile, clock);
    expect(await restarted.auditLog()).toEqual([]);
  });
});
