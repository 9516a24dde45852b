import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/** Who is looking at the tab, as the token (or, locally, the page) says. */
export interface Viewer {
  /** The Entra object id, as the deployment names people. */
  userId: string;
  name: string;
}

/** The keys could not be fetched in time: the request gets 503, not 401. */
export class KeysUnavailable extends Error {}

/** Decides who a request is from; undefined means 401. */
export interface TabAuthenticator {
  readonly local: boolean;
  viewer(headers: Record<string, string | string[] | undefined>): Promise<Viewer | undefined>;
}

const metadataSchema = z.object({ jwks_uri: z.string().url() });

const claimsSchema = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
});

/**
 * Teams single sign-on: the token from `authentication.getAuthToken()` is an Entra ID access token
 * for the app's exposed API. It is accepted only when signed with one of Entra ID's published keys
 * (RS256 alone, so neither "none" nor an HMAC made with a public key passes), for the audience
 * api://<host>/<app id>, from the tenant's v1 or v2 issuer, in date, and for the allowed tenant.
 */
export class EntraTokens implements TabAuthenticator {
  readonly local = false;
  private keys?: Promise<JWTVerifyGetKey>;

  constructor(
    private readonly options: {
      audience?: string;
      tenantId: string;
      openIdMetadataUrl: string;
      timeoutMs: number;
    },
  ) {}

  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const res = await fetch(this.options.openIdMetadataUrl, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      if (!res.ok) throw new Error(`OpenID metadata: HTTP ${res.status}`);
      const { jwks_uri } = metadataSchema.parse(await res.json());
      return createRemoteJWKSet(new URL(jwks_uri), { timeoutDuration: this.options.timeoutMs });
    })().catch((error: unknown) => {
      this.keys = undefined;
      throw new KeysUnavailable((error as Error).message);
    });
    return this.keys;
  }

  async viewer(headers: Record<string, string | string[] | undefined>): Promise<Viewer | undefined> {
    const header = headers.authorization;
    const token = typeof header === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header)?.[1] : undefined;
    if (!token || !this.options.audience) return undefined;
    const tenant = this.options.tenantId;
    try {
      const { payload } = await jwtVerify(token, await this.jwks(), {
        audience: this.options.audience,
        issuer: [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`],
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'oid', 'tid'],
        clockTolerance: 60,
      });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success || claims.data.tid !== tenant) return undefined;
      return { userId: claims.data.oid, name: claims.data.name ?? claims.data.preferred_username ?? '' };
    } catch (error) {
      if (error instanceof KeysUnavailable) throw error;
      if (error instanceof errors.JWKSTimeout) throw new KeysUnavailable(error.message);
      return undefined;
    }
  }
}

/**
 * Local mode (no app id): there is no sign-on, so the page says which of the deployment's people
 * (the Agents Playground's users) it shows the plan as, in a header. Only those people are accepted.
 */
export class PlaygroundUsers implements TabAuthenticator {
  readonly local = true;
  constructor(private readonly people: () => Viewer[]) {}

  async viewer(headers: Record<string, string | string[] | undefined>): Promise<Viewer | undefined> {
    const wanted = headers['x-lokal-anvandare'];
    return typeof wanted === 'string' ? this.people().find((p) => p.userId === wanted) : undefined;
  }
}

/**
 * Production (an audience is known or the bot has an app id): Teams single sign-on tokens checked
 * against Entra ID; local mode: the page names the person. Without a host in production every
 * token is refused, which the start log shows as `signOn: "ingen"`.
 */
export function tabAuthenticator(
  options: { local: boolean; audience?: string; tenantId: string; openIdMetadataUrl: string; timeoutMs: number },
  people: () => Viewer[],
): TabAuthenticator {
  return options.local ? new PlaygroundUsers(people) : new EntraTokens(options);
}
