import type { TeamsAdapter } from '@microsoft/teams-ai';

/** The parts of botframework-connector's types this module touches (it is botbuilder's, not ours). */
interface Claims {
  claims?: Array<{ type: string; value: string }>;
}
interface Factory {
  create(serviceUrl: string, audience?: string): Promise<unknown>;
}
interface AuthenticateResult {
  claimsIdentity: Claims;
  connectorFactory?: Factory;
}
interface Authentication {
  authenticateRequest(activity: unknown, authHeader: string): Promise<AuthenticateResult>;
  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateResult>;
  createConnectorFactory(claimsIdentity: Claims): Factory;
  createUserTokenClient(claimsIdentity: Claims): Promise<unknown>;
}

/** Service URLs and audiences are a handful per deployment; a bound keeps a misbehaving caller from growing it. */
const MAX_CLIENTS = 256;

/** Who the clients act for: the claims a connector factory is made from (audience and app id). */
function whoFor(identity: Claims): string {
  const wanted = new Set(['aud', 'appid', 'azp', 'ver']);
  return JSON.stringify((identity.claims ?? []).filter((c) => wanted.has(c.type)).map((c) => [c.type, c.value]));
}

/** A promise kept under its key; a failed one is forgotten so the next turn tries again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let found = cache.get(key);
  if (!found) {
    if (cache.size >= MAX_CLIENTS) cache.delete(cache.keys().next().value!);
    found = make();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/**
 * One ConnectorClient per identity, service URL and audience, and one UserTokenClient per
 * identity, reused across turns and proactive sends, as the older BotFrameworkAdapter kept them.
 * CloudAdapter otherwise builds a fresh client, credentials and HTTP pipeline (and a token client)
 * for every invoke. The adapter's own authentication still checks every incoming request and
 * makes every client; the clients' credentials fetch and refresh their tokens themselves.
 */
export function reuseConnectorClients(adapter: TeamsAdapter): void {
  const holder = adapter as unknown as { botFrameworkAuthentication: Authentication };
  const inner = holder.botFrameworkAuthentication;
  const clients = new Map<string, Promise<unknown>>();
  const tokenClients = new Map<string, Promise<unknown>>();
  const reusing = (factory: Factory | undefined, who: string): Factory | undefined =>
    factory && {
      create: (serviceUrl, audience) =>
        remember(clients, JSON.stringify([who, serviceUrl, audience ?? '']), () =>
          factory.create(serviceUrl, audience),
        ),
    };
  const withReuse = (result: AuthenticateResult): AuthenticateResult => ({
    ...result,
    connectorFactory: reusing(result.connectorFactory, whoFor(result.claimsIdentity)),
  });
  const wrapped: Authentication = Object.assign(Object.create(inner) as Authentication, {
    authenticateRequest: async (activity: unknown, authHeader: string) =>
      withReuse(await inner.authenticateRequest(activity, authHeader)),
    authenticateStreamingRequest: async (authHeader: string, channelIdHeader: string) =>
      withReuse(await inner.authenticateStreamingRequest(authHeader, channelIdHeader)),
    createConnectorFactory: (identity: Claims) => reusing(inner.createConnectorFactory(identity), whoFor(identity))!,
    createUserTokenClient: (identity: Claims) =>
      remember(tokenClients, whoFor(identity), () => inner.createUserTokenClient(identity)),
  });
  holder.botFrameworkAuthentication = wrapped;
}
