import fc from 'fast-check';
import { checkInDates, checkInDue, checkInFreshnessDays, promptedInCycle } from '../../src/domain/lifecycle';
import type { Activity, CheckInNote, Plan } from '../../src/domain/plan';
import { standingOf } from '../../src/domain/standing';
import { STATUSES, rollUp, type RollupState } from '../../src/domain/status';

const DAY = 86_400_000;
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

const rhythm: fc.Arbitrary<Pick<CheckInNote, 'rhythm' | 'dates'>> = fc.oneof(
  fc.constant({ rhythm: 'kvartal' as const, dates: [] as string[] }),
  fc.constant({ rhythm: 'tertial' as const, dates: [] as string[] }),
  fc
    .uniqueArray(
      fc
        .record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
        .map(({ m, d }) => `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      { minLength: 1, maxLength: 6 },
    )
    .map((dates) => ({ rhythm: 'datum' as const, dates })),
);

describe('check-ins ("löpande vid avstämningar")', () => {
  it('each check-in date falls in exactly one prompt cycle, whatever the cycle length and first cycle', () => {
    fc.assert(
      fc.property(rhythm, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 83 }), (note, weeks, offset) => {
        const cycleDays = weeks * 7;
        const first = Date.parse('2026-12-31T00:00:00Z') - offset * DAY;
        const cycles: string[] = [];
        for (let t = first; t <= Date.parse('2028-06-30T00:00:00Z'); t += cycleDays * DAY) cycles.push(iso(t));
        const inYear = checkInDates(note, 2027, 2027);
        for (const date of inYear) {
          const holding = cycles.filter((c) => c >= date && Date.parse(c) - Date.parse(date) < cycleDays * DAY);
          expect({ date, cycles: holding.length }).toEqual({ date, cycles: 1 });
        }
        const prompted = cycles.filter((c) => c >= '2027-01-01' && c <= '2027-12-31' && checkInDue(note, c, cycleDays));
        // Never more prompts than check-ins (a cycle can hold two dates when they are close).
        expect(prompted.length).toBeLessThanOrEqual(inYear.length + 1);
        expect(checkInFreshnessDays(note, '2027-06-01')).toBeGreaterThan(7);
      }),
      { numRuns: 300 },
    );
  });

  it('a closed activity, or any activity of an archived plan, is never prompted', () => {
    const activity = { id: '2a', recommendationId: 'rek2' } as Activity;
    const note = { by: 'Anders Holm', at: '2027-01-04T09:00:00.000Z', reason: 'Nämnden godkände' };
    const plan = (extra: Partial<Plan>, a: Partial<Activity> = {}) =>
      ({ recommendations: [{ id: 'rek2', activities: [{ ...activity, ...a }] }], ...extra }) as unknown as Plan;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), fc.integer({ min: 1, max: 12 }), (n, weeks) => {
        const day = iso(Date.parse('2027-01-01T00:00:00Z') + n * DAY);
        expect(promptedInCycle(plan({}), activity, day, weeks * 7)).toBe(true);
        expect(promptedInCycle(plan({}, { closure: note }), { ...activity, closure: note }, day, weeks * 7)).toBe(
          false,
        );
        expect(promptedInCycle(plan({ archived: note }), activity, day, weeks * 7)).toBe(false);
      }),
    );
  });

  it('closed shows as "Avslutad" whatever was reported or passed, and rolls up as done', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<RollupState>(...STATUSES, 'inget_svar'),
        fc.boolean(),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.constantFrom<RollupState>('klar', 'avslutad'), { maxLength: 4 }),
        (reported, stale, overdue, others) => {
          expect(standingOf({ reported, stale, overdue, closed: true }).state).toBe('avslutad');
          const all: RollupState[] = ['avslutad', ...others];
          expect(rollUp(all)).toBe(all.every((s) => s === 'avslutad') ? 'avslutad' : 'klar');
        },
      ),
    );
  });
});
