/**
 * The status an owner reports for an activity. The scale follows how Swedish public-sector
 * follow-ups are usually written (as in Stratsys-style traffic lights), in the order an owner
 * moves through it.
 */
export const STATUSES = ['ej_påbörjad', 'pågår', 'risk', 'försenad', 'klar'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABEL: Record<Status, string> = {
  ej_påbörjad: 'Ej påbörjad',
  pågår: 'Pågår enligt plan',
  risk: 'Risk för försening',
  försenad: 'Försenad',
  klar: 'Klar',
};

/** Statuses that need a comment saying why. */
export const NEEDS_COMMENT: ReadonlySet<Status> = new Set<Status>(['risk', 'försenad']);

/**
 * What a recommendation (or an activity) shows: a status weighed against the schedule (see
 * standing.ts), that nobody has answered, or that the latest answer is too old to be current.
 */
export type Light = 'röd' | 'gul' | 'grå' | 'blå' | 'grön' | 'klar';
export type RollupState = Status | 'inget_svar' | 'ej_uppdaterad' | 'avslutad';

export const ROLLUP_LABEL: Record<RollupState, string> = {
  ...STATUS_LABEL,
  inget_svar: 'Inget svar ännu',
  ej_uppdaterad: 'Ej uppdaterad',
  avslutad: 'Avslutad',
};

export const LIGHT: Record<RollupState, Light> = {
  försenad: 'röd',
  risk: 'gul',
  inget_svar: 'grå',
  ej_uppdaterad: 'grå',
  ej_påbörjad: 'blå',
  pågår: 'grön',
  klar: 'klar',
  avslutad: 'klar',
};

export const LIGHT_SYMBOL: Record<Light, string> = {
  röd: '🔴',
  gul: '🟡',
  grå: '⚪',
  blå: '🔵',
  grön: '🟢',
  klar: '✅',
};

/** Worst first: the roll-up of a recommendation is the worst state among its active activities. */
export const SEVERITY: readonly RollupState[] = [
  'försenad',
  'risk',
  'inget_svar',
  'ej_uppdaterad',
  'ej_påbörjad',
  'pågår',
];

/** The worse of two states on the scale above ("klar" is the best). */
export function worse(a: RollupState, b: RollupState): RollupState {
  const rank = (s: RollupState): number => (isDone(s) ? SEVERITY.length : SEVERITY.indexOf(s));
  return rank(a) <= rank(b) ? a : b;
}

/** Done: reported "klar", or closed by an administrator ("avslutad"). */
export const isDone = (s: RollupState): boolean => s === 'klar' || s === 'avslutad';

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Rolls activity states up to one state: "klar" only when every activity is done; otherwise the
 * worst among those not done, where "no answer yet" ranks below a real problem but above anything
 * reported as going well, so silence never shows as green.
 */
export function rollUp(states: readonly RollupState[]): RollupState {
  if (states.length === 0) return 'inget_svar';
  const active: readonly RollupState[] = states.filter((s) => !isDone(s));
  if (active.length === 0) return states.every((s) => s === 'avslutad') ? 'avslutad' : 'klar';
  for (const s of SEVERITY) if (active.includes(s)) return s;
  return 'inget_svar';
}
