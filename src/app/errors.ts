/**
 * The error catalogue: every code the bot raises, with what a person should do about it (Swedish,
 * as operators and users read it). An AppError carries its code, the catalogue's advice and the
 * details of the case. `test/app/errors.test.ts` holds the table to the codes actually raised.
 */
export const ERRORS = {
  CONFIG_INVALID: 'Miljövariablerna är ogiltiga. Rätta dem enligt README och starta om boten.',
  PLAN_INVALID: 'Planfilen är ogiltig. Rätta filen på den angivna platsen och starta om boten.',
  DEPLOYMENT_INVALID: 'Driftfilen är ogiltig. Rätta filen på den angivna platsen och starta om boten.',
  STORE_CORRUPT: 'En post i databasen går inte att läsa. Kontrollera posten som nämns; ingenting har skrivits över.',
  STORE_CONFLICT: 'Någon annan ändrade samma sak samtidigt. Försök igen.',
  STORE_UNAVAILABLE: 'Databasen går inte att nå just nu. Försök igen om en stund.',
  LEASE_FENCED:
    'En annan instans har tagit över schemaläggningen med en nyare epok; den här instansen slutar skicka. Ingen åtgärd behövs om den andra instansen körs.',
  INVALID_INPUT: 'Uppgiften är ogiltig. Rätta den och försök igen.',
  PLAN_CHANGED: 'Planen har ändrats sedan förra versionen. Kontrollera ändringen innan en ny version fastställs.',
  NOT_PERMITTED: 'Det här får bara en administratör göra. Be en administratör om hjälp.',
  REPORT_CHANGED: 'Rapportens innehåll skiljer sig från den fastställda versionen. Kontrollera ändringen.',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * What a failed write left behind. `notApplied`: the store refused it before doing anything (a
 * throttled request, a locked SQLite file, a connection never made). `unknown`: it may have been
 * applied (a 503, a timeout, a connection reset after the request went out), so only reading it
 * back tells.
 */
export type WriteOutcome = 'notApplied' | 'unknown';

export class AppError extends Error {
  /** What to do about it, from the catalogue. */
  readonly advice: string;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For STORE_UNAVAILABLE on a write: whether it may have been applied all the same. */
    readonly writeOutcome: WriteOutcome = 'notApplied',
  ) {
    super(message);
    this.name = 'AppError';
    this.advice = ERRORS[code];
  }
}

/** Whether the store could not be reached (any store, any operation); the caller decides what that means. */
export const isStoreUnavailable = (error: unknown): error is AppError =>
  error instanceof AppError && error.code === 'STORE_UNAVAILABLE';
