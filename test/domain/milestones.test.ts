import { milestoneState, milestonesDueWithin, nextMilestone } from '../../src/domain/milestones';
import { stockholmDate } from '../../src/domain/dates';
import type { Activity, Milestone } from '../../src/domain/plan';

const spring: Milestone = {
  id: 'm1',
  title: 'Rutin klar',
  due: { text: 'våren 2026', from: '2026-01-01', to: '2026-06-30' },
};
const december: Milestone = {
  id: 'm2',
  title: 'Uppföljning',
  due: { text: 'december 2026', from: '2026-12-01', to: '2026-12-31' },
};
const ongoing: Milestone = { id: 'm3', title: 'Löpande arbete', due: { text: 'pågående' } };

const activity: Activity = {
  id: '2a',
  recommendationId: 'rek2',
  unit: 'Familjehemsenheten',
  ownerRole: 'r',
  title: 't',
  description: 'd',
  start: { text: 'januari 2026' },
  end: { text: 'december 2026' },
  milestones: [spring, december, ongoing],
  indicators: [],
};

describe('milestones against today in Stockholm', () => {
  it('is overdue once the last day its date can mean has passed and nobody reported it reached', () => {
    expect(milestoneState(spring, new Set(), '2026-07-01').state).toBe('försenad');
    expect(milestoneState(spring, new Set(), '2026-06-30').state).toBe('kommande');
  });

  it('is not overdue when reported reached', () => {
    expect(milestoneState(spring, new Set(['m1']), '2026-11-28').state).toBe('uppnådd');
  });

  it('an undated milestone is ongoing, never overdue', () => {
    expect(milestoneState(ongoing, new Set(), '2030-01-01').state).toBe('löpande');
  });

  it('"december 2026" is due on the 31st, so it is coming in late November', () => {
    expect(nextMilestone(activity, new Set(), '2026-11-28')?.milestone.id).toBe('m2');
    expect(milestonesDueWithin(activity, new Set(), '2026-11-28', 30).map((m) => m.milestone.id)).toEqual([]);
    expect(milestonesDueWithin(activity, new Set(), '2026-12-05', 30).map((m) => m.milestone.id)).toEqual(['m2']);
  });

  it('today is the calendar date in Stockholm, not in UTC', () => {
    expect(stockholmDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(stockholmDate(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
    expect(stockholmDate(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});
