import { DateTime, Duration } from 'luxon';
import { z } from 'zod';

/**
 * What the bot stores, one kind per rule of the district's document management plan
 * (dokumenthanteringsplan). Each rule either keeps its records (bevaras) or disposes of them
 * (gallras) a duration after a named event.
 */
export const RECORD_KINDS = [
  'svar',
  'utskick',
  'konversationer',
  'teammedlemmar',
  'andringslogg',
  'versioner',
  'utkast',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What each kind holds, in Swedish, as the documents and the dry run name it. */
export const KIND_TITLES: Record<RecordKind, string> = {
  svar: 'Svar, bedömningar och planrevisioner',
  utskick: 'Utskick och leveransstatus',
  konversationer: 'Konversationsreferenser för personer som inte längre finns i driften eller teamet',
  teammedlemmar: 'Teammedlemmar (ögonblicksbilder av teamets medlemslista)',
  andringslogg: 'Ändringsloggen',
  versioner: 'Fastställda versioner av uppföljningsrapporten och tjänsteutlåtandets uppgifter',
  utkast: 'Utkast av uppföljningsrapporten',
};

/** The events a duration is counted from. */
export const RETENTION_EVENTS = ['besvarad', 'planen arkiverad', 'personen borttagen'] as const;
export type RetentionEvent = (typeof RETENTION_EVENTS)[number];

export const EVENT_TITLES: Record<RetentionEvent, string> = {
  besvarad: 'från det att posten skapades (svaret gavs, utskicket gjordes, ändringen loggades)',
  'planen arkiverad': 'från det att planen arkiverades',
  'personen borttagen': 'från det att personen togs bort ur driften och teamet',
};

/** Whole, non-negative ISO 8601 durations (P2Y, P6M, P90D, PT12H); luxon does the arithmetic. */
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** Longer than this is no disposal rule: luxon cannot count it on, and "bevaras" says keep. */
export const MAX_RETENTION_YEARS = 200;

const isoDuration = z
  .string()
  .refine((s) => ISO_DURATION.test(s) && Duration.fromISO(s).isValid, {
    message: 'ska vara en ISO 8601-period, t.ex. P2Y eller P90D',
  })
  .refine((s) => !ISO_DURATION.test(s) || withinLimit(s), {
    message: `får vara högst ${MAX_RETENTION_YEARS} år (välj bevaras för att spara utan slut)`,
  });

/**
 * A duration luxon can add to a date: a huge one (P99999999999Y) gives an invalid date, whose
 * comparison is always false, so every record would read as due.
 */
function withinLimit(iso: string): boolean {
  const from = DateTime.fromISO('2000-01-01T00:00:00Z', { zone: 'utc' });
  const to = from.plus(Duration.fromISO(iso));
  return to.isValid && to <= from.plus({ years: MAX_RETENTION_YEARS });
}

export const retentionRuleSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('bevaras') }).strict(),
  z.object({ action: z.literal('gallras'), after: isoDuration, from: z.enum(RETENTION_EVENTS) }).strict(),
]);
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/**
 * The cautious reading, a proposal for the district's archive officer and not a decision: the
 * follow-up record itself is kept; operational records holding people's ids go after a short time.
 */
export const DEFAULT_RETENTION: Record<RecordKind, RetentionRule> = {
  svar: { action: 'bevaras' },
  utskick: { action: 'gallras', after: 'P90D', from: 'besvarad' },
  konversationer: { action: 'gallras', after: 'P30D', from: 'personen borttagen' },
  teammedlemmar: { action: 'gallras', after: 'P30D', from: 'personen borttagen' },
  andringslogg: { action: 'bevaras' },
  versioner: { action: 'bevaras' },
  utkast: { action: 'gallras', after: 'P0D', from: 'besvarad' },
};

/** Any kind left out of the file keeps its default. */
export const retentionSchema = z
  .object(
    Object.fromEntries(RECORD_KINDS.map((k) => [k, retentionRuleSchema.optional()])) as Record<
      RecordKind,
      z.ZodOptional<typeof retentionRuleSchema>
    >,
  )
  .strict()
  .transform((r) => ({ ...DEFAULT_RETENTION, ...clean(r) }) as Record<RecordKind, RetentionRule>);

export type Retention = Record<RecordKind, RetentionRule>;

function clean<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A rule as people read it: "bevaras" or "gallras 2 år från det att planen arkiverades". */
export function describeRule(rule: RetentionRule): string {
  if (rule.action === 'bevaras') return 'bevaras';
  return `gallras ${describeDuration(rule.after)} ${EVENT_TITLES[rule.from]}`;
}

const UNITS: Array<[keyof ReturnType<Duration['toObject']>, string, string]> = [
  ['years', 'år', 'år'],
  ['months', 'månad', 'månader'],
  ['weeks', 'vecka', 'veckor'],
  ['days', 'dag', 'dagar'],
  ['hours', 'timme', 'timmar'],
];

export function describeDuration(iso: string): string {
  const parts = UNITS.flatMap(([unit, one, many]) => {
    const n = Duration.fromISO(iso).toObject()[unit];
    return n ? [`${n} ${n === 1 ? one : many}`] : [];
  });
  return parts.length > 0 ? `efter ${parts.join(' och ')}` : 'genast';
}

/** When a record whose event happened at `eventAt` is due for disposal under a rule. */
export function dueAt(rule: RetentionRule, eventAt: string): Date | undefined {
  if (rule.action === 'bevaras') return undefined;
  // Calendar arithmetic in UTC: P1Y from 29 February lands on 28 February, not 365 days on.
  const due = DateTime.fromISO(eventAt, { zone: 'utc' }).plus(Duration.fromISO(rule.after));
  // Never due on a date that cannot be counted: an invalid date would compare as already passed.
  return due.isValid ? due.toJSDate() : undefined;
}

/**
 * Whether a disposal rule only counts time from the record's own instant, so a store with per-item
 * expiry (Cosmos DB TTL) can dispose of it by itself.
 */
export function isOnlyTimeBased(rule: RetentionRule): boolean {
  return rule.action === 'gallras' && rule.from === 'besvarad';
}
