import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus, type StatusSubmission } from '../../src/app/recordStatus';
import type { Store } from '../../src/app/ports';
import { BACKENDS, type Backend } from '../support/stores';
import { FaultyStore } from '../support/faultyStore';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

const { plan, deployment } = loadDeployment('deployments/local.json');
const karin = { userId: USERS.karin.aadObjectId, name: USERS.karin.name };

const submission: StatusSubmission = {
  activityId: '2a',
  promptId: 'prompt-1',
  actor: karin,
  draft: { status: 'pågår', comment: 'Enligt plan', milestonesReached: [], indicators: {} },
};

describe.each(BACKENDS)('a store that fails writes, on %s: nobody is told something untrue', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  let faulty: FaultyStore;
  let record: RecordStatus;

  beforeEach(async () => {
    backend = await makeBackend();
    store = await backend.open();
    faulty = new FaultyStore(store.answers, store.states);
    const clock = new TestClock(new Date('2026-11-28T09:00:00Z'));
    record = new RecordStatus({ plan, deployment, answers: faulty.answers, states: faulty.states, clock });
  });
  afterEach(async () => backend.dispose());

  const history = () => store.answers.answerHistory(plan.id, '2a');
  const current = async () => (await store.states.activityState(plan.id, '2a'))?.value.answerId;

  it('a write applied and then lost (a 503 after the write) is read back and reported saved, once', async () => {
    faulty.answerWrites = ['lostAfter'];
    const outcome = await record.submit(submission);
    expect(outcome).toMatchObject({ kind: 'saved', retry: false });
    const kept = await history();
    expect(kept).toHaveLength(1);
    expect(await current()).toBe(kept[0]!.id);
  });

  it('a write lost before it was applied is found missing, written again under the same id and reported saved, once', async () => {
    faulty.answerWrites = ['lostBefore'];
    const outcome = await record.submit(submission);
    expect(outcome).toMatchObject({ kind: 'saved', retry: false });
    expect(await history()).toHaveLength(1);
    expect(faulty.applied).toBe(1);
  });

  it('a write refused outright stores nothing, and says so (the error that becomes "Ingenting har sparats")', async () => {
    faulty.answerWrites = ['refused'];
    await expect(record.submit(submission)).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      writeOutcome: 'notApplied',
    });
    expect(await history()).toHaveLength(0);
  });

  it('when the store goes dark after an applied write, the outcome is "not yet known"; pressing Spara again stores nothing twice', async () => {
    faulty.darkAfterFault = true;
    faulty.answerWrites = ['lostAfter'];
    expect(await record.submit(submission)).toMatchObject({ kind: 'unknownWhetherSaved' });
    expect(await history()).toHaveLength(1); // it was stored: so "nothing saved" would have been a lie

    faulty.darkAfterFault = false;
    faulty.readsFail = false;
    const again = await record.submit(submission);
    expect(again).toMatchObject({ kind: 'saved', retry: true });
    expect(await history()).toHaveLength(1);
    expect(await current()).toBe((await history())[0]!.id);
  });

  it('when the store goes dark after a write lost before it was applied, it is "not yet known"; the retry stores it once', async () => {
    faulty.darkAfterFault = true;
    faulty.answerWrites = ['lostBefore'];
    expect(await record.submit(submission)).toMatchObject({ kind: 'unknownWhetherSaved' });
    expect(await history()).toHaveLength(0); // not stored: so "saved" would have been a lie

    faulty.darkAfterFault = false;
    faulty.readsFail = false;
    expect(await record.submit(submission)).toMatchObject({ kind: 'saved', retry: false });
    expect(await history()).toHaveLength(1);
  });

  it('a second write refused after a lost one is still "not yet known": the first may land late', async () => {
    faulty.answerWrites = ['lostBefore', 'refused'];
    expect(await record.submit(submission)).toMatchObject({ kind: 'unknownWhetherSaved' });
  });

  it('an answer stored whose current status could not be moved is reported as kept but not yet current; the retry mends it', async () => {
    faulty.stateWrites = ['refused'];
    expect(await record.submit(submission)).toMatchObject({ kind: 'savedNotCurrent' });
    expect(await history()).toHaveLength(1);
    expect(await current()).toBeUndefined();

    expect(await record.submit(submission)).toMatchObject({ kind: 'saved', retry: true });
    expect(await history()).toHaveLength(1);
    expect(await current()).toBe((await history())[0]!.id);
  });

  it('many answers under a store that loses every third write: each is stored exactly once and none is reported unlike what is stored', async () => {
    const faults = ['ok', 'lostAfter', 'lostBefore'] as const;
    faulty.answerWrites = Array.from({ length: 60 }, (_, i) => faults[i % 3]!);
    const outcomes = [];
    for (let i = 0; i < 20; i++) {
      outcomes.push(await record.submit({ ...submission, promptId: `prompt-${i}`, draft: { ...submission.draft } }));
    }
    const stored = new Set((await history()).map((a) => a.promptId));
    for (const [i, o] of outcomes.entries()) {
      expect({ i, kind: o.kind, stored: stored.has(`prompt-${i}`) }).toEqual({ i, kind: 'saved', stored: true });
    }
    expect(await history()).toHaveLength(20);
  });
});
