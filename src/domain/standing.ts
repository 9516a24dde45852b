import { daysBetween, formatSwedishDate } from './dates';
import { ROLLUP_LABEL, worse, type RollupState } from './status';

/**
 * Where an activity stands has two sources: what its owner reported, and its schedule. A passed
 * milestone nobody marked reached says the work is late whatever the last report said, and an old
 * report is not a current one. The light weighs both; the cards, the summary and the report show
 * the light and, beside it, both facts, so neither hides the other.
 */

/** How long an answer counts as current. */
export interface Freshness {
  /** An answer older than this many days is no longer current. */
  staleAfterDays: number;
}

/** One prompt cycle plus a week for the owner to answer the next prompt. */
export function freshnessOf(everyWeeks: number): Freshness {
  return { staleAfterDays: (everyWeeks + 1) * 7 };
}

/** The default schedule's cycle: every second week. */
export const DEFAULT_FRESHNESS: Freshness = freshnessOf(2);

/** The facts the light is made from. */
export interface StandingFacts {
  /** What the owner reported last, or "inget_svar". */
  reported: RollupState;
  /** When (ISO instant); undefined before the first answer. */
  reportedAt?: string;
  /** Whole days since that answer. */
  ageDays?: number;
  /** The answer is older than the freshness allows. */
  stale: boolean;
  /** Milestones whose date has passed and that nobody has marked reached. */
  overdue: number;
  /** Closed by an administrator (lifecycle.ts): no longer followed up. */
  closed?: boolean;
}

export interface Standing extends StandingFacts {
  /** The light's state: the facts weighed by the rules below, in order. */
  state: RollupState;
}

export interface StandingRule {
  /** The rule in Swedish, as the report prints it. */
  text: (f: Freshness) => string;
  /** The state after this rule, given the state before it. */
  apply: (facts: StandingFacts, state: RollupState) => RollupState;
}

/** The one table the light is derived from, applied in order; the report prints it. */
export const STANDING_RULES: readonly StandingRule[] = [
  {
    text: () => 'Utgångsläget är det den ansvariga senast rapporterade; utan svar är läget ”Inget svar ännu” (⚪).',
    apply: (f) => f.reported,
  },
  {
    text: (fr) =>
      `Ett svar som är äldre än ${fr.staleAfterDays} dagar (en svarsomgång och en vecka) är inte längre aktuellt: ` +
      '”Pågår enligt plan” och ”Ej påbörjad” visas då som ”Ej uppdaterad” (⚪), aldrig som grönt.',
    apply: (f, s) => (f.stale && (s === 'pågår' || s === 'ej_påbörjad') ? 'ej_uppdaterad' : s),
  },
  {
    text: () =>
      'En milstolpe vars datum har passerat utan att den är markerad som uppnådd gör läget minst ' +
      '”Risk för försening” (🟡), vad det senaste svaret än säger.',
    apply: (f, s) => (f.overdue > 0 ? worse(s, 'risk') : s),
  },
  {
    text: () =>
      'En rekommendation eller aktivitet som en administratör har avslutat (på en bedömning ”Genomförd” eller med ett skäl) ' +
      'visas som ”Avslutad” (✅), med vem, när och varför, och följs inte längre upp.',
    apply: (f, s) => (f.closed ? 'avslutad' : s),
  },
];

/** How a recommendation's light follows from its activities'; printed after the rules above. */
export const ROLLUP_RULE =
  'En rekommendation visar det sämsta läget bland sina aktiviteter som inte är klara ' +
  '(🔴 försenad › 🟡 risk › ⚪ inget svar › ⚪ ej uppdaterad › 🔵 ej påbörjad › 🟢 pågår); när alla är klara eller avslutade är den klar (✅). ' +
  'Ledningsgruppens bedömning står bredvid ljuset och räknas inte fram ur det.';

/** The rules as the report prints them, one sentence each. */
export function standingRuleTexts(freshness: Freshness = DEFAULT_FRESHNESS): string[] {
  return [...STANDING_RULES.map((r) => r.text(freshness)), ROLLUP_RULE];
}

/** The facts of one activity today. */
export function standingFacts(
  latest: { status: RollupState; answeredAt: string } | undefined,
  overdue: number,
  today: string,
  freshness: Freshness = DEFAULT_FRESHNESS,
  closed = false,
): StandingFacts {
  const done = closed ? { closed } : {};
  if (!latest) return { reported: 'inget_svar', stale: false, overdue, ...done };
  const ageDays = daysBetween(latest.answeredAt.slice(0, 10), today);
  return {
    reported: latest.status,
    reportedAt: latest.answeredAt,
    ageDays,
    stale: ageDays > freshness.staleAfterDays,
    overdue,
    ...done,
  };
}

export function standingOf(facts: StandingFacts): Standing {
  const state = STANDING_RULES.reduce<RollupState>((s, rule) => rule.apply(facts, s), facts.reported);
  return { ...facts, state };
}

/** "3 milstolpar passerade utan att vara uppnådda", or that none is. */
export function overdueText(n: number): string {
  if (n === 0) return 'ingen milstolpe passerad utan att vara uppnådd';
  return n === 1 ? '1 milstolpe passerad utan att vara uppnådd' : `${n} milstolpar passerade utan att vara uppnådda`;
}

/**
 * Both facts side by side: "Rapporterat: pågår enligt plan (6 december 2026) · 3 milstolpar passerade
 * utan att vara uppnådda". An old answer says so: "(6 oktober 2026, 61 dagar gammalt)".
 */
export function standingText(s: StandingFacts): string {
  const reported =
    s.reportedAt === undefined
      ? 'Rapporterat: inget svar ännu'
      : `Rapporterat: ${ROLLUP_LABEL[s.reported].toLowerCase()} (${formatSwedishDate(new Date(s.reportedAt))}` +
        `${s.stale ? `, ${s.ageDays} dagar gammalt` : ''})`;
  return `${reported} · ${overdueText(s.overdue)}`;
}
