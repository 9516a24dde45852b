/** How a Bot Connector call failed, as the retry policy reads it. */

/** The HTTP status a Bot Connector call failed with, if it says. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Retry-After of a failed call in milliseconds (seconds or an HTTP date), if the service sent one. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers as
    { get?: (name: string) => string | undefined | null } | Record<string, string> | undefined;
  const raw =
    typeof (headers as { get?: unknown })?.get === 'function'
      ? (headers as { get: (n: string) => string | undefined | null }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Errors that mean the request never reached the service: safe to send again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * How one attempt failed, for the retry policy: refused for good (403/404 and other 4xx),
 * throttled or a server error (Teams answered: nothing was accepted), not sent at all, or of
 * unknown fate (a timeout, or the connection lost after the request went out: Teams may have
 * accepted it).
 */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: 'refused' | 'throttled' | 'server' | 'notSent' | 'uncertain',
    readonly status: number | undefined,
    override readonly cause: unknown,
    /** Whether the retry policy may try this message again. */
    readonly mayRetry: boolean,
  ) {
    super(`${kind}${status ? ` ${status}` : ''}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

export function classify(error: unknown): AttemptFailure['kind'] {
  const status = httpStatusOf(error);
  if (status === 429) return 'throttled';
  if (status !== undefined && status >= 500) return 'server';
  if (status !== undefined && status >= 400) return 'refused';
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && NOT_SENT.has(code)) return 'notSent';
  return 'uncertain';
}

export class SendTimeout extends Error {
  constructor(ms: number) {
    super(`inget svar inom ${ms} ms`);
  }
}
