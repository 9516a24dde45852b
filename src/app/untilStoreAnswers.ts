import pRetry, { AbortError } from 'p-retry';
import { isStoreUnavailable } from './errors';
import type { Logger } from './ports';

/** How long a starting bot waits for a store that fails its requests: about 45 s in all. */
export const START_RETRY = { retries: 10, minTimeout: 250, maxTimeout: 8_000, factor: 2 } as const;

/**
 * Runs an idempotent step of the start (reading or seeding a plan's deployment) until the store
 * answers: a store that fails some requests for a while (503, 429, a timeout) delays the start
 * instead of ending the process. Any other error, or a store still failing after START_RETRY, ends
 * it as before.
 */
export function untilStoreAnswers<T>(
  what: string,
  step: () => Promise<T>,
  logger: Logger,
  options: Partial<typeof START_RETRY> = {},
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await step();
      } catch (error) {
        throw isStoreUnavailable(error) ? error : new AbortError(error as Error);
      }
    },
    {
      ...START_RETRY,
      ...options,
      onFailedAttempt: (failure) =>
        logger.warn(
          { err: failure, attempt: failure.attemptNumber, left: failure.retriesLeft },
          `Lagringen svarar inte medan boten startar (${what}); försöker igen`,
        ),
    },
  );
}
