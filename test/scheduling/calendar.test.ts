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
