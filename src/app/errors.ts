/**
 * Errors with a stable code and a message that says what to do. Messages are Swedish when a user
 * may see them; operators see the code too.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'PLAN_INVALID'
  | 'DEPLOYMENT_INVALID'
  | 'STORE_CORRUPT'
  | 'STORE_CONFLICT'
  | 'STORE_UNAVAILABLE'
  | 'NOT_ALLOWED'
  | 'INVALID_INPUT'
  | 'UNKNOWN_ACTIVITY'
  | 'PLAN_CHANGED'
  | 'REPORT_CHANGED';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
