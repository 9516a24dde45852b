import fc from 'fast-check';
import { WorkingCalendar } from '../../src/app/scheduling/calendar';

const calendar = new WorkingCalendar();
const iso = (slots: { id: string; dueAt: Date }[]) => slots.map((s) => [s.id, s.dueAt.toISOString()]);

describe('the Swedish working calendar in Europe/Stockholm', () => {
  it.each([
    ['2025-12-26', 'annandag jul'],
    ['2026-12-24', 'julafton'],
    ['2026-12-25', 'juldagen'],
    ['2026-06-19', 'midsommarafton'],
    ['2026-06-06', 'helg'],
    ['2027-01-06', 'trettondedag jul'],
    ['2026-11-28', 'helg'],
  ])('%s is not a working day (%s)', (date, name) => {
    expect(calendar.dayOff(date)).toBe(name);
  });

  it('an ordinary Monday is a working day', () => {
    expect(calendar.isWorkingDay('2026-11-30')).toBe(true);
  });

  it('a send due on annandag jul moves to the next working day at the same time', () => {
    const slots = calendar.slots('0 9 26 12 *', new Date('2025-12-01T00:00:00Z'), new Date('2025-12-31T00:00:00Z'));
    expect(iso(slots)).toEqual([['2025-12-26', '2025-12-29T08:00:00.000Z']]);
    expect(slots[0]!.movedFrom).toBe('annandag jul');
  });

  it('a Friday send over Christmas 2026 moves from juldagen to Monday the 28th', () => {
    const slots = calendar.slots('0 9 * * 5', new Date('2026-12-20T00:00:00Z'), new Date('2027-01-05T00:00:00Z'));
    expect(iso(slots)).toEqual([
      ['2026-12-25', '2026-12-28T08:00:00.000Z'],
      ['2027-01-01', '2027-01-04T08:00:00.000Z'],
    ]);
  });

  it('"every second Monday" counts weeks from the anchor', () => {
    const slots = calendar.slots(
      '0 9 * * 1',
      new Date('2026-11-28T00:00:00Z'),
      new Date('2027-01-12T00:00:00Z'),
      2,
      '2026-11-30',
    );
    expect(slots.map((s) => s.id)).toEqual(['2026-11-30', '2026-12-14', '2026-12-28', '2027-01-11']);
  });

  it('keeps local time across the change to summer time, and skips annandag påsk', () => {
    const slots = calendar.slots('0 9 * * 1', new Date('2027-03-20T00:00:00Z'), new Date('2027-04-06T00:00:00Z'));
    expect(iso(slots)).toEqual([
      ['2027-03-22', '2027-03-22T08:00:00.000Z'],
      ['2027-03-29', '2027-03-30T07:00:00.000Z'],
      ['2027-04-05', '2027-04-05T07:00:00.000Z'],
    ]);
  });

  it('counts working days past weekends and holidays', () => {
    expect(calendar.addWorkingDays('2026-12-21', 3)).toBe('2026-12-28');
    expect(calendar.addWorkingDays('2026-11-30', 3)).toBe('2026-12-03');
  });
});

describe('the calendar answers a question once and the same every time', () => {
  const patterns = ['0 9 * * 1', '0 9 * * 5', '30 8 * * 2', '0 9 26 12 *', '0 10 1 * *'];

  it('a remembered answer is what a fresh calendar works out, over generated dates and patterns', () => {
    const remembering = new WorkingCalendar();
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 4 }),
        (pattern, after, days, everyWeeks) => {
          const until = new Date(after.getTime() + days * 86_400_000);
          const fresh = iso(new WorkingCalendar().slots(pattern, after, until, everyWeeks, '2026-11-30'));
          expect(iso(remembering.slots(pattern, after, until, everyWeeks, '2026-11-30'))).toEqual(fresh);
          expect(iso(remembering.slots(pattern, after, until, everyWeeks, '2026-11-30'))).toEqual(fresh);
          const date = after.toISOString().slice(0, 10);
          expect(remembering.dayOff(date)).toBe(new WorkingCalendar().dayOff(date));
        },
      ),
      { numRuns: 60, seed: 2026 },
    );
  });

  it('changing a list it gave does not change the next answer', () => {
    const remembering = new WorkingCalendar();
    const after = new Date('2026-12-01T00:00:00Z');
    const until = new Date('2027-01-31T00:00:00Z');
    const first = remembering.slots('0 9 * * 1', after, until);
    const count = first.length;
    first.splice(0, first.length);
    expect(remembering.slots('0 9 * * 1', after, until)).toHaveLength(count);
  });
});
