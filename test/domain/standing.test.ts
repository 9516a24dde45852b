import fc from 'fast-check';
import type { ActivityState } from '../../src/domain/answer';
import type { Activity, Milestone, Recommendation } from '../../src/domain/plan';
import { activityProgress, recommendationProgress } from '../../src/domain/progress';
import {
  freshnessOf,
  standingFacts,
  standingOf,
  standingRuleTexts,
  standingText,
  STANDING_RULES,
} from '../../src/domain/standing';
import { LIGHT, SEVERITY, STATUSES, worse, type RollupState } from '../../src/domain/status';

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const START = Date.parse('2025-01-01T00:00:00Z');

/** A day between 2025 and the end of 2028. */
const day = fc.integer({ min: 0, max: 4 * 365 }).map((n) => iso(START + n * DAY));

/** A milestone with a dated range, or an undated ("löpande") one; some reached per the plan itself. */
const milestone = (i: number): fc.Arbitrary<Milestone> =>
  fc
    .record({
      dated: fc.boolean(),
      from: fc.integer({ min: 0, max: 4 * 365 }),
      length: fc.integer({ min: 0, max: 200 }),
      perPlan: fc.boolean(),
    })
    .map(({ dated, from, length, perPlan }) => ({
      id: `m${i}`,
      title: `Milstolpe ${i}`,
      due: dated
        ? { text: 'någon gång', from: iso(START + from * DAY), to: iso(START + (from + length) * DAY) }
        : { text: 'löpande' },
      ...(perPlan && i % 3 === 0 ? { reached: { when: { text: 'mars 2025' }, source: 'enligt planen själv' } } : {}),
    }));

const activity = (id: string): fc.Arbitrary<Activity> =>
  fc.integer({ min: 0, max: 6 }).chain((n) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => milestone(i))).map((milestones) => ({
      id,
      recommendationId: 'rek2',
      unit: 'Familjehemsenheten',
      ownerRole: 'r',
      title: 't',
      description: 'd',
      start: { text: 'januari 2026' },
      end: { text: 'december 2026' },
      milestones,
      indicators: [],
    })),
  );

/** An answer (or none) given on or before today, with any status and any milestones ticked. */
const answerFor = (a: Activity, today: string): fc.Arbitrary<ActivityState | undefined> =>
  fc.option(
    fc
      .record({
        status: fc.constantFrom(...STATUSES),
        daysBefore: fc.integer({ min: 0, max: 400 }),
        ticked: fc.subarray(a.milestones.map((m) => m.id)),
      })
      .map(({ status, daysBefore, ticked }) => ({
        planId: 'p',
        activityId: a.id,
        answerId: `x${daysBefore}`,
        status,
        answeredAt: `${iso(Date.parse(`${today}T00:00:00Z`) - daysBefore * DAY)}T09:00:00.000Z`,
        answeredBy: { userId: 'u', name: 'Sara' },
        milestonesReached: ticked,
        indicators: {},
      })),
    { nil: undefined },
  );

const everyWeeks = fc.integer({ min: 1, max: 12 });

/** A generated case: an activity, a day, an answer, a cycle. */
const generatedCase = fc
  .tuple(activity('2a'), day, everyWeeks)
  .chain(([a, today, weeks]) => answerFor(a, today).map((latest) => ({ a, today, weeks, latest })));

const atLeastRisk = (s: RollupState): boolean => s === 'risk' || s === 'försenad';

describe('the light of an activity weighs what its owner reported against its schedule', () => {
  it('a milestone whose date has passed and that nobody marked reached makes the light at least risk', () => {
    fc.assert(
      fc.property(generatedCase, ({ a, today, weeks, latest }) => {
        const p = activityProgress(a, latest, today, freshnessOf(weeks));
        const passedUnreached = a.milestones.some(
          (m) =>
            !m.reached &&
            !(latest?.milestonesReached ?? []).includes(m.id) &&
            m.due.to !== undefined &&
            m.due.to < today,
        );
        expect(p.standing.overdue > 0).toBe(passedUnreached);
        if (passedUnreached) expect(atLeastRisk(p.state)).toBe(true);
        if (passedUnreached) expect(LIGHT[p.state]).not.toBe('grön');
      }),
      { numRuns: 2000 },
    );
  });

  it('an answer older than the cycle and a week is never green, and says it is not updated', () => {
    fc.assert(
      fc.property(generatedCase, ({ a, today, weeks, latest }) => {
        const p = activityProgress(a, latest, today, freshnessOf(weeks));
        const age = latest ? Math.round((Date.parse(today) - Date.parse(latest.answeredAt.slice(0, 10))) / DAY) : 0;
        const stale = latest !== undefined && age > (weeks + 1) * 7;
        expect(p.standing.stale).toBe(stale);
        if (stale) expect(LIGHT[p.state]).not.toBe('grön');
        if (stale && p.standing.overdue === 0 && ['pågår', 'ej_påbörjad'].includes(latest.status)) {
          expect(p.state).toBe('ej_uppdaterad');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is green only for a current "pågår enligt plan" with nothing passed unreached', () => {
    fc.assert(
      fc.property(generatedCase, ({ a, today, weeks, latest }) => {
        const p = activityProgress(a, latest, today, freshnessOf(weeks));
        const green = latest?.status === 'pågår' && !p.standing.stale && p.standing.overdue === 0;
        expect(LIGHT[p.state] === 'grön').toBe(green);
      }),
      { numRuns: 2000 },
    );
  });

  it('never shows the work better than its owner reported it, nor hides a reported delay', () => {
    fc.assert(
      fc.property(generatedCase, ({ a, today, weeks, latest }) => {
        const p = activityProgress(a, latest, today, freshnessOf(weeks));
        expect(worse(p.state, p.standing.reported)).toBe(p.state);
        if (latest?.status === 'försenad') expect(p.state).toBe('försenad');
        expect(p.standing.reported).toBe(latest?.status ?? 'inget_svar');
      }),
      { numRuns: 2000 },
    );
  });

  it('shows both facts side by side, whichever decided the light', () => {
    fc.assert(
      fc.property(generatedCase, ({ a, today, weeks, latest }) => {
        const text = standingText(activityProgress(a, latest, today, freshnessOf(weeks)).standing);
        expect(text).toMatch(/^Rapporterat: /);
        const n = activityProgress(a, latest, today, freshnessOf(weeks)).standing.overdue;
        const schedule =
          n === 0
            ? 'ingen milstolpe passerad utan att vara uppnådd'
            : n === 1
              ? '1 milstolpe passerad utan att vara uppnådd'
              : `${n} milstolpar passerade utan att vara uppnådda`;
        expect(text.endsWith(` · ${schedule}`)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('applies the rules of one table, in order, and the report prints each of them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RollupState>(...STATUSES, 'inget_svar'),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        (reported, stale, overdue) => {
          const facts = {
            reported,
            stale,
            overdue,
            ...(reported === 'inget_svar' ? {} : { reportedAt: '2026-12-06' }),
          };
          const byHand = STANDING_RULES.reduce<RollupState>((s, r) => r.apply(facts, s), reported);
          expect(standingOf(facts).state).toBe(byHand);
        },
      ),
    );
    expect(standingRuleTexts(freshnessOf(2))).toHaveLength(STANDING_RULES.length + 1);
    expect(standingRuleTexts(freshnessOf(2)).join(' ')).toContain('21 dagar');
  });

  it('Rek 2 as the deputy saw it: "pågår enligt plan" over three passed milestones is risk, with both facts', () => {
    const a: Activity = {
      id: '2a',
      recommendationId: 'rek2',
      unit: 'Familjehemsenheten',
      ownerRole: 'r',
      title: 't',
      description: 'd',
      start: { text: 'januari 2026' },
      end: { text: 'december 2026' },
      milestones: [
        { id: 'm1', title: 'Planeringsdag', due: { text: 'januari 2026', from: '2026-01-01', to: '2026-01-31' } },
        { id: 'm2', title: 'Rutin', due: { text: 'våren 2026', from: '2026-01-01', to: '2026-06-30' } },
        { id: 'm3', title: 'Mål', due: { text: 'verksamhetsplanen', from: '2025-12-01', to: '2026-01-31' } },
      ],
      indicators: [],
    };
    const latest: ActivityState = {
      planId: 'p',
      activityId: '2a',
      answerId: 'x',
      status: 'pågår',
      answeredAt: '2026-12-06T09:00:00.000Z',
      answeredBy: { userId: 'u', name: 'Sara' },
      milestonesReached: [],
      indicators: {},
    };
    const p = activityProgress(a, latest, '2026-12-07');
    expect(p.state).toBe('risk');
    expect(standingText(p.standing)).toBe(
      'Rapporterat: pågår enligt plan (6 december 2026) · 3 milstolpar passerade utan att vara uppnådda',
    );
  });
});

describe('a recommendation rolls up from the lights of its activities', () => {
  it('is never green while any of its activities has a passed, unreached milestone or an old answer and is not done', () => {
    const twoActivities = fc
      .tuple(activity('2a'), activity('2b'), day, everyWeeks)
      .chain(([a, b, today, weeks]) =>
        fc
          .tuple(answerFor(a, today), answerFor(b, today))
          .map(([la, lb]) => ({ a, b, today, weeks, states: [la, lb].filter((s) => s !== undefined) })),
      );
    fc.assert(
      fc.property(twoActivities, ({ a, b, today, weeks, states }) => {
        const rec = { id: 'rek2', number: 2, activities: [a, b] } as unknown as Recommendation;
        const r = recommendationProgress(rec, new Map(states.map((s) => [s.activityId, s])), today, freshnessOf(weeks));
        const lights = r.activities.map((x) => x.state);
        const worst = lights.filter((s) => s !== 'klar').sort((x, y) => SEVERITY.indexOf(x) - SEVERITY.indexOf(y))[0];
        expect(r.state).toBe(worst ?? 'klar');
        if (r.activities.some((x) => x.standing.overdue > 0 || (x.standing.stale && x.state !== 'klar'))) {
          expect(LIGHT[r.state]).not.toBe('grön');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the facts of an answer', () => {
  it('an answer exactly as old as the cycle and a week is still current; a day older is not', () => {
    const at = (d: string) => ({ status: 'pågår' as const, answeredAt: `${d}T09:00:00.000Z` });
    expect(standingFacts(at('2026-11-16'), 0, '2026-12-07', freshnessOf(2)).stale).toBe(false);
    expect(standingFacts(at('2026-11-15'), 0, '2026-12-07', freshnessOf(2)).stale).toBe(true);
  });
});
