import { loadDeployment } from '../../src/config/deploymentFile';
import { RecordStatus } from '../../src/app/recordStatus';
import type { Store } from '../../src/app/ports';
import { BACKENDS, type Backend } from '../support/stores';
import { TestClock } from '../support/bot';
import { USERS } from '../support/teams';

const { plan, deployment } = loadDeployment('deployments/local.json');
const karin = { userId: USERS.karin.aadObjectId, name: USERS.karin.name };

describe.each(BACKENDS)('recording status on %s', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  let clock: TestClock;
  let record: RecordStatus;

  beforeEach(async () => {
    backend = await makeBackend();
    store = await backend.open();
    clock = new TestClock(new Date('2026-11-28T09:00:00Z'));
    record = new RecordStatus({ plan, deployment, answers: store.answers, states: store.states, clock });
  });
  afterEach(async () => backend.dispose());

  it('when many answers for one activity arrive at once, every one is kept and the latest becomes the current status', async () => {
    clock.ticking(7);
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        record.submit({
          activityId: '2a',
          promptId: `prompt-${i}`,
          actor: karin,
          draft: { status: i % 2 ? 'pågår' : 'risk', comment: `Svar ${i}`, milestonesReached: [], indicators: {} },
        }),
      ),
    );
    expect(outcomes.every((o) => o.kind === 'saved')).toBe(true);

    const history = await store.answers.answerHistory(plan.id, '2a');
    expect(history).toHaveLength(12);
    const current = await store.states.activityState(plan.id, '2a');
    expect(current?.value.answerId).toBe(history[0]!.id);
  });

  it('an answer that arrives after a later one is kept in the history but does not become current', async () => {
    const draft = { status: 'pågår', milestonesReached: [], indicators: {} };
    clock.set('2026-11-28T10:00:00Z');
    await record.submit({ activityId: '2a', promptId: 'new', actor: karin, draft: { ...draft, comment: 'Nyare' } });
    clock.set('2026-11-28T09:00:00Z');
    await record.submit({ activityId: '2a', promptId: 'old', actor: karin, draft: { ...draft, comment: 'Äldre' } });

    expect((await store.answers.answerHistory(plan.id, '2a')).map((a) => a.comment)).toEqual(['Nyare', 'Äldre']);
    expect((await store.states.activityState(plan.id, '2a'))?.value.comment).toBe('Nyare');
  });

  it('the current status keeps its latest five answers in order, one that arrived late among them', async () => {
    const draft = { status: 'pågår', milestonesReached: [], indicators: {} };
    for (let i = 0; i < 7; i++) {
      clock.set(`2026-11-28T09:0${i}:00Z`);
      await record.submit({
        activityId: '2a',
        promptId: `p-${i}`,
        actor: karin,
        draft: { ...draft, comment: `Svar ${i}` },
      });
    }
    clock.set('2026-11-28T09:03:30Z'); // between answers 2 and 3
    await record.submit({ activityId: '2a', promptId: 'sen', actor: karin, draft: { ...draft, comment: 'Sent' } });

    const history = await store.answers.answerHistory(plan.id, '2a', 5);
    const current = await store.states.activityState(plan.id, '2a');
    expect(current?.recent?.map((r) => r.id)).toEqual(history.map((a) => a.id));
    expect(history.map((a) => a.comment)).toEqual(['Svar 6', 'Svar 5', 'Svar 4', 'Sent', 'Svar 3']);
    expect(current?.value.comment).toBe('Svar 6');
  });

  it('a status written before it kept its latest answers gets them from the history with the next answer', async () => {
    const draft = { status: 'pågår', milestonesReached: [], indicators: {} };
    await record.submit({ activityId: '2a', promptId: 'p-1', actor: karin, draft: { ...draft, comment: 'Först' } });
    // As the earlier version stored it: the status alone.
    const read = (await store.states.activityState(plan.id, '2a'))!;
    await store.states.saveActivityState(read.value, read.etag);
    expect(await store.states.activityState(plan.id, '2a')).not.toHaveProperty('recent');

    clock.set('2026-11-28T10:00:00Z');
    await record.submit({ activityId: '2a', promptId: 'p-2', actor: karin, draft: { ...draft, comment: 'Sedan' } });
    const history = await store.answers.answerHistory(plan.id, '2a');
    expect((await store.states.activityState(plan.id, '2a'))?.recent?.map((r) => r.id)).toEqual(
      history.map((a) => a.id),
    );
  });

  it('one card saved again and again keeps every answer, and the same values right after are a retry', async () => {
    clock.ticking(1);
    const save = (comment: string) =>
      record.submit({
        activityId: '2a',
        promptId: 'ett-kort',
        actor: karin,
        draft: { status: 'pågår', comment, milestonesReached: [], indicators: {} },
      });
    const outcomes = [];
    for (const comment of ['A', 'B', 'B', 'A', 'C', 'C']) outcomes.push(await save(comment));
    expect(outcomes.map((o) => (o.kind === 'saved' ? o.retry : o.kind))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
    const history = await store.answers.answerHistory(plan.id, '2a');
    expect(history.map((a) => a.comment)).toEqual(['C', 'A', 'B', 'A']);
    expect(new Set(history.map((a) => a.id)).size).toBe(4);
    expect(await store.answers.lastFromPrompt(plan.id, '2a', 'ett-kort')).toEqual({ last: history[0], count: 4 });
  });
});
