import { milestoneState, overdueMilestones } from '../../src/domain/milestones';
import { allActivities, type Plan } from '../../src/domain/plan';
import { findMilestone, monthDate, revisedPlan, revisionText, type PlanRevision } from '../../src/domain/revisions';

const plan: Plan = {
  id: 'p',
  title: 'Plan',
  ownerRoles: [],
  recommendations: [
    {
      id: 'rek2',
      title: 'Rek 2',
      activities: [
        {
          id: '2a',
          recommendationId: 'rek2',
          unit: 'u',
          ownerRole: 'r',
          title: 't',
          description: 'd',
          start: { text: 'januari 2026' },
          end: { text: 'december 2026' },
          milestones: [
            { id: '2a-m1', title: 'Rutin klar', due: { text: 'mars 2026', from: '2026-03-01', to: '2026-03-31' } },
            { id: '2a-m2', title: 'Utvärdering', due: { text: 'maj 2026', from: '2026-05-01', to: '2026-05-31' } },
          ],
          indicators: [],
        },
      ],
    },
  ],
} as unknown as Plan;

const by = { userId: 'u-admin', name: 'Anna Admin' };
function revision(at: string, change: PlanRevision['change'], reason = 'Ny lagstiftning'): PlanRevision {
  return { planId: 'p', id: `r-${at}`, at, by, reason, change };
}
const june = monthDate('2026-06')!;
const moved = revision('2026-03-15T09:00:00.000Z', { kind: 'moved', milestoneId: '2a-m1', to: june });

describe('plan revisions', () => {
  it('reads a month as the whole month', () => {
    expect(monthDate('2026-06')).toEqual({ text: 'juni 2026', from: '2026-06-01', to: '2026-06-30' });
    expect(monthDate('2028-02')?.to).toBe('2028-02-29');
    for (const bad of ['2026-13', '2026-6', 'juni', '', '2026-00']) expect(monthDate(bad)).toBeUndefined();
  });

  it('judges overdue against the revised date, and keeps the original', () => {
    const m1 = findMilestone(plan, '2a-m1')!;
    expect(milestoneState(m1, new Set(), '2026-04-10').state).toBe('försenad');
    const revised = findMilestone(revisedPlan(plan, [moved]), '2a-m1')!;
    expect(milestoneState(revised, new Set(), '2026-04-10').state).toBe('kommande');
    expect(milestoneState(revised, new Set(), '2026-07-01').state).toBe('försenad');
    expect(revised.revision?.original).toEqual(m1.due);
    expect(revisionText(revised)).toBe(
      'reviderad från mars 2026 till juni 2026 – skäl: Ny lagstiftning (Anna Admin, 15 mars 2026)',
    );
  });

  it('a milestone moved twice still shows the plan file date as where it came from', () => {
    const again = revision('2026-04-01T09:00:00.000Z', {
      kind: 'moved',
      milestoneId: '2a-m1',
      to: monthDate('2026-09')!,
    });
    const m = findMilestone(revisedPlan(plan, [again, moved]), '2a-m1')!;
    expect(revisionText(m)).toMatch(/^reviderad från mars 2026 till september 2026/);
  });

  it('uses only the revisions made up to an instant (a fixed report)', () => {
    expect(findMilestone(revisedPlan(plan, [moved], '2026-03-14T23:59:59.000Z'), '2a-m1')?.due.text).toBe('mars 2026');
    expect(findMilestone(revisedPlan(plan, [moved], '2026-03-15T09:00:00.000Z'), '2a-m1')?.due.text).toBe('juni 2026');
  });

  it('adds and removes milestones; the plan file plan is not changed', () => {
    const added = revision('2026-03-16T09:00:00.000Z', {
      kind: 'added',
      activityId: '2a',
      milestone: { id: '2a-m9', title: 'Extra uppföljning', due: monthDate('2026-04')! },
    });
    const removed = revision('2026-03-17T09:00:00.000Z', { kind: 'removed', milestoneId: '2a-m2' });
    const activity = allActivities(revisedPlan(plan, [added, removed]))[0]!;
    expect(activity.milestones.map((m) => m.id)).toEqual(['2a-m1', '2a-m9']);
    expect(overdueMilestones(activity, new Set(), '2026-05-02').map((v) => v.milestone.id)).toEqual(['2a-m1', '2a-m9']);
    expect(revisionText(activity.milestones[1]!)).toMatch(/^tillagd \(april 2026\) – skäl: Ny lagstiftning/);
    expect(allActivities(plan)[0]!.milestones.map((m) => m.id)).toEqual(['2a-m1', '2a-m2']);
  });
});
