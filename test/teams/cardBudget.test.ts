import fc from 'fast-check';
import { deploymentSchema } from '../../src/domain/deployment';
import { stateFromAnswer, type ActivityState } from '../../src/domain/answer';
import { LIMITS } from '../../src/domain/answerRules';
import { allActivities, type Plan } from '../../src/domain/plan';
import { activityProgress, planProgress } from '../../src/domain/progress';
import { UNREACHABLE_REASONS } from '../../src/domain/reach';
import { STATUSES } from '../../src/domain/status';
import { weeklySummary } from '../../src/domain/summary';
import { parsePlan } from '../../src/config/planFile';
import { CARD_BUDGET_BYTES, teamsBytes } from '../../src/teams/cards/budget';
import { renderWithin, type AdaptiveCard } from '../../src/teams/cards/render';
import { weeklySummaryCards } from '../../src/teams/cards/summaryCards';
import { activityView, helpView, overviewView, recommendationView } from '../../src/teams/cards/views';
import { cardText } from '../support/connector';
import { answer } from '../support/fixtures';
import { syntheticPlanJson } from '../support/synthetic';
import { COMMANDS } from '../../src/teams/commands';

/** Every command's help lines, as an administrator sees them. */
const ALL_HELP = COMMANDS.flatMap((c) => c.help);

/**
 * Every card the bot renders from a plan stays within Teams' card budget (28 KB, counted as Teams
 * counts: JSON in UTF-16), whatever the plan's size: 1 to 1,000 activities spread over any number
 * of recommendations (rek1–rek9), up to 30 milestones an activity, every comment and next step at its
 * maximum length in characters that cost the most bytes, every owner late and unreachable.
 */

const now = new Date('2026-12-07T09:00:00Z');
const today = '2026-12-07';

/** Characters a person may type, from one UTF-16 unit to an 11-unit family emoji (each one character). */
const CHARACTERS = ['a', 'å', ' ', '🙂', '👩‍👩‍👧‍👦', '🏳️‍🌈', 'e\u0301'];
const maxText = (length: number) =>
  fc.array(fc.constantFrom(...CHARACTERS), { minLength: length, maxLength: length }).map((cs) => cs.join(''));

interface Case {
  activities: number;
  recommendations: number;
  milestones: number;
  comment: string;
  nextStep: string;
}

const cases: fc.Arbitrary<Case> = fc.record({
  activities: fc.integer({ min: 1, max: 1000 }),
  // The plan schema allows rek1 to rek9.
  recommendations: fc.integer({ min: 1, max: 9 }),
  milestones: fc.integer({ min: 1, max: 30 }),
  comment: maxText(LIMITS.comment),
  nextStep: maxText(LIMITS.nextStep),
});

function world(c: Case) {
  const json = syntheticPlanJson(c.activities, { recommendations: c.recommendations, milestones: c.milestones });
  const plan: Plan = parsePlan(json.plan, 'syntetisk');
  const deployment = deploymentSchema.parse(json.deployment);
  const activities = allActivities(plan);
  const answerOf = (activityId: string, i: number) =>
    answer({
      planId: plan.id,
      activityId,
      status: STATUSES[i % STATUSES.length],
      comment: c.comment,
      nextStep: c.nextStep,
      milestonesReached: [],
      indicators: {},
      answeredAt: new Date(Date.UTC(2026, 10, 1 + (i % 28))).toISOString(),
    });
  const history = (activityId: string) => STATUSES.map((_, i) => answerOf(activityId, i));
  const states: ActivityState[] = activities.map((a, i) => stateFromAnswer(answerOf(a.id, i)));
  return { plan, deployment, activities, states, history };
}

function cardsOf(c: Case): Array<[string, AdaptiveCard]> {
  const { plan, deployment, activities, states, history } = world(c);
  const progress = planProgress(plan, states, today);
  const largest = progress.reduce((a, b) => (b.activities.length > a.activities.length ? b : a));
  const first = activities[0]!;
  const summary = weeklySummary({
    plan,
    states,
    today,
    owners: deployment.owners.map((o) => ({ name: o.owner.name, role: o.role })),
    cycleStartedAt: '2026-12-07T08:00:00.000Z',
    previous: { at: '2026-11-30T07:00:00.000Z', statuses: {} },
    unreachable: deployment.owners.map((o, i) => ({
      name: o.owner.name,
      reason: UNREACHABLE_REASONS[i % UNREACHABLE_REASONS.length]!,
    })),
    pending: deployment.owners.map((o) => o.owner.name),
  });
  return [
    ['overview', renderWithin('overview', (d) => overviewView(plan, progress, now, d))],
    [
      `recommendation ${largest.recommendation.id}`,
      renderWithin('recommendation', (d) =>
        recommendationView(plan, deployment, largest, now, undefined, d, { mayAssess: true }),
      ),
    ],
    [
      `activity ${first.id}`,
      renderWithin('activity', (d) =>
        activityView(
          plan,
          deployment,
          { ...activityProgress(first, states[0], today), history: history(first.id) },
          now,
          d,
        ),
      ),
    ],
    ['help', renderWithin('help', (d) => helpView(plan, ALL_HELP, d))],
    ...weeklySummaryCards(summary, 'Veckosammanfattning – åtgärdsplanen').map((card, i): [string, AdaptiveCard] => [
      `weekly summary, card ${i + 1}`,
      card,
    ]),
  ];
}

describe('every card within Teams card budget', () => {
  it('when a plan has 1 to 1,000 activities and every text is at its maximum, every card is at most 28 KB', () => {
    fc.assert(
      fc.property(cases, (c) => {
        for (const [name, card] of cardsOf(c)) {
          const bytes = teamsBytes(card);
          if (bytes > CARD_BUDGET_BYTES) throw new Error(`${name}: ${bytes} bytes for ${c.activities} activities`);
          expect(JSON.stringify(card)).not.toContain('${');
        }
      }),
      {
        seed: 15,
        numRuns: 6,
        examples: [
          [{ activities: 1, recommendations: 1, milestones: 1, comment: 'x', nextStep: 'y' }],
          [
            {
              activities: 1000,
              recommendations: 1,
              milestones: 30,
              comment: '👩‍👩‍👧‍👦'.repeat(1000),
              nextStep: '👩‍👩‍👧‍👦'.repeat(500),
            },
          ],
          [
            {
              activities: 1000,
              recommendations: 9,
              milestones: 1,
              comment: 'å'.repeat(1000),
              nextStep: 'å'.repeat(500),
            },
          ],
        ],
      },
    );
  });

  it('when the weekly summary is capped, every activity is either listed or counted with the command that shows it', () => {
    const c: Case = { activities: 300, recommendations: 3, milestones: 2, comment: 'kort', nextStep: 'steg' };
    const { plan } = world(c);
    const cards = cardsOf(c).filter(([name]) => name.startsWith('weekly summary'));
    expect(cards.length).toBeGreaterThan(1);
    const text = cards.map(([, card]) => cardText(card)).join('\n');
    for (const r of plan.recommendations) {
      const listed = r.activities.filter((a) => new RegExp(`^${a.id} `, 'm').test(text)).length;
      const rest = r.activities.length - listed;
      expect(rest).toBeGreaterThan(0);
      expect(text).toContain(`… och ${rest} till: /status rek${r.number}`);
    }
  });

  it('when the plan is as small as the seed, the summary is one card with every activity', () => {
    const c: Case = { activities: 9, recommendations: 3, milestones: 2, comment: 'kort', nextStep: 'steg' };
    const cards = cardsOf(c).filter(([name]) => name.startsWith('weekly summary'));
    expect(cards).toHaveLength(1);
    expect(cardText(cards[0]![1])).not.toContain('… och');
  });
});
