import { loadDeployment } from '../../src/config/deploymentFile';
import { stateFromAnswer, type ActivityState } from '../../src/domain/answer';
import { allActivities } from '../../src/domain/plan';
import { planProgress, activityProgress } from '../../src/domain/progress';
import { STATUSES } from '../../src/domain/status';
import { renderCard } from '../../src/teams/cards/render';
import { activityView, helpView, overviewView, recommendationView } from '../../src/teams/cards/views';
import { answer } from '../support/fixtures';
import { cardText } from '../support/connector';

const { plan, deployment } = loadDeployment('deployments/local.json');
const now = new Date('2026-11-28T09:00:00Z');
const LONG = 'Lång kommentar om rutinarbetet i enheten. '.repeat(12).trim();

/** Every activity answered, with the longest texts an owner may write, to test the worst case. */
const states: ActivityState[] = allActivities(plan).map((a, i) =>
  stateFromAnswer(
    answer({
      activityId: a.id,
      status: STATUSES[i % STATUSES.length],
      comment: LONG.slice(0, 500),
      nextStep: LONG.slice(0, 300),
      milestonesReached: [a.milestones[0]!.id],
    }),
  ),
);

const MAX_BYTES = 40 * 1024;

function expectFullyBound(card: object): void {
  const json = JSON.stringify(card);
  expect(json).not.toContain('${');
  expect(json).not.toMatch(/"(text|value|title)":""/);
  expect(Buffer.byteLength(json)).toBeLessThan(MAX_BYTES);
}

describe('cards', () => {
  it.each([
    ['with no answers yet', [] as ActivityState[]],
    ['with every activity answered', states],
  ])('the overview is fully bound %s', (_when, given) => {
    const card = renderCard('overview', overviewView(plan, planProgress(plan, given, '2026-11-28'), now));
    expectFullyBound(card);
    expect(cardText(card)).toContain('Rek 3');
  });

  it.each(['rek1', 'rek2', 'rek3'])('the %s card is fully bound and names every activity and owner', (id) => {
    const progress = planProgress(plan, states, '2026-11-28').find((p) => p.recommendation.id === id)!;
    const card = renderCard('recommendation', recommendationView(plan, deployment, progress, now));
    expectFullyBound(card);
    const text = cardText(card);
    for (const a of progress.activities) {
      expect(text).toContain(`${a.activity.id} · ${a.activity.unit}`);
      expect(text).toContain(a.latest!.comment!);
    }
    expect(text).toMatch(/Karin Lind|Johan Ek/);
  });

  it('the activity card shows milestones and up to five answers', () => {
    const a = allActivities(plan).find((x) => x.id === '2a')!;
    const history = Array.from({ length: 5 }, (_, i) =>
      answer({ answeredAt: `2026-11-0${i + 1}T09:00:00.000Z`, comment: LONG.slice(0, 500) }),
    );
    const detail = { ...activityProgress(a, states[2], '2026-11-28'), history };
    const card = renderCard('activity', activityView(plan, deployment, detail, now));
    expectFullyBound(card);
    const text = cardText(card);
    expect(text).toContain('Senaste 5 svaren');
    expect(text).toContain('Uppdaterad rutin för dokumentation av kontroller färdig (våren 2026) – försenad');
  });

  it('the activity card with no answers says so', () => {
    const a = allActivities(plan).find((x) => x.id === '3a')!;
    const card = renderCard(
      'activity',
      activityView(plan, deployment, { ...activityProgress(a, undefined, '2026-11-28'), history: [] }, now),
    );
    expectFullyBound(card);
    expect(cardText(card)).toContain('Inga svar ännu');
  });

  it('the help card lists the commands', () => {
    const card = renderCard('help', helpView(plan));
    expectFullyBound(card);
    expect(cardText(card)).toContain('/status rek2');
  });

  it('dates are Swedish', () => {
    const card = renderCard('overview', overviewView(plan, planProgress(plan, states, '2026-11-28'), now));
    expect(cardText(card)).toContain('28 nov. 2026 10:00');
  });
});
