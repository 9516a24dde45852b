/** Calendar dates in Europe/Stockholm, as ISO strings (YYYY-MM-DD), using the platform's time-zone data. */
export const TIME_ZONE = 'Europe/Stockholm';

const isoDay = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const swedishDay = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const swedishTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
});

/** The calendar date in Stockholm at the given instant, e.g. "2026-11-28". */
export function stockholmDate(at: Date): string {
  return isoDay.format(at);
}

/** "28 november 2026". */
export function formatSwedishDate(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at.length === 10 ? `${at}T12:00:00Z` : at) : at;
  return swedishDay.format(d);
}

/**
 * A text with its ISO dates ("2027-07-01") read as people write them ("1 juli 2027"): for texts
 * kept as they were made (the change log's before and after), shown where a person reads.
 */
export function swedishDatesIn(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => formatSwedishDate(iso));
}

/** "28 november 2026 kl. 14:05": the one date format, with the time of day where it matters. */
export function formatSwedishDateTime(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${swedishDay.format(d)} kl. ${formatSwedishClock(d)}`;
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const MONTHS = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
];

/** This month and the next, from an ISO date: their names and the last day of the next. */
export function thisAndNextMonth(today: string): { names: [string, string]; lastDay: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  const lastDay = new Date(Date.UTC(next.y, next.m, 0)).toISOString().slice(0, 10);
  const nextName = next.y === year ? MONTHS[next.m - 1]! : `${MONTHS[next.m - 1]!} ${next.y}`;
  return { names: [MONTHS[month - 1]!, nextName], lastDay };
}

const swedishWeekday = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

/** "torsdag 3 december": a local date (YYYY-MM-DD) or an instant, with its weekday. */
export function formatSwedishWeekday(at: Date | string): string {
  return swedishWeekday.format(typeof at === 'string' ? new Date(`${at}T12:00:00Z`) : at);
}

/** "09:00": the time of day in Stockholm, written as every time the bot shows. */
export function formatSwedishClock(at: Date): string {
  return swedishTime.format(at);
}
