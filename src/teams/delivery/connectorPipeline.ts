interface PipelineClient {
  client?: {
    pipeline?: {
      removePolicy(options: { phase: 'Retry' }): unknown;
      addPolicy(policy: {
        name: string;
        sendRequest: (request: { timeout: number }, next: (r: unknown) => unknown) => unknown;
      }): void;
      getOrderedPolicies(): Array<{ name: string }>;
    };
  };
}

const TIMEOUT_POLICY = 'atgardsplan-send-timeout';

/**
 * The Bot Connector client (core-rest-pipeline) retries on its own, up to three times, also after
 * a connection lost once the request went out: those retries stacked on ours multiplied copies.
 * Its retry phase is taken out and every request gets the send timeout, so retries are counted
 * in one place.
 */
export function withoutClientRetries(connectorClient: unknown, timeoutMs: number): void {
  const pipeline = (connectorClient as PipelineClient | undefined)?.client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((p) => p.name === TIMEOUT_POLICY)) return;
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: TIMEOUT_POLICY,
    sendRequest: (request, next) => {
      request.timeout = timeoutMs;
      return next(request);
    },
  });
}
