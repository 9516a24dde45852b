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
});
