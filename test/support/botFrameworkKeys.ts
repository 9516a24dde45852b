import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Bot Framework's channel token issuer. */
export const ISSUER = 'https://api.botframework.com';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An RSA signing key the test generated, with the id it is published under. */
export class SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  constructor(readonly kid: string) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /** The key as a JWKS entry, endorsed for Teams as Bot Framework's keys are. */
  jwk(): Record<string, unknown> {
    const { n, e } = this.publicKey.export({ format: 'jwk' });
    return { kty: 'RSA', use: 'sig', kid: this.kid, n, e, endorsements: ['msteams'] };
  }

  /** A real RS256 token. */
  sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
    const data = `${b64({ alg: 'RS256', typ: 'JWT', kid: this.kid, ...header })}.${b64(claims)}`;
    return `${data}.${sign('sha256', Buffer.from(data), this.privateKey).toString('base64url')}`;
  }

  /** HS256 with the public key as the HMAC secret: the classic key-confusion forgery. */
  signHs256WithPublicKey(claims: Record<string, unknown>): string {
    const data = `${b64({ alg: 'HS256', typ: 'JWT', kid: this.kid })}.${b64(claims)}`;
    const secret = this.publicKey.export({ format: 'pem', type: 'spki' });
    return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
  }
}

/** An unsigned token (alg none). */
export const unsignedToken = (claims: Record<string, unknown>, kid: string): string =>
  `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`;

/**
 * A local stand-in for Bot Framework's OpenID metadata and keys endpoints on 127.0.0.1. With
 * `hang` set it accepts the connection and never answers.
 */
export class OpenIdStandIn {
  private server?: Server;
  hang = false;
  requests = 0;
  constructor(private readonly keys: SigningKey[]) {}

  get metadataUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests++;
      if (this.hang) return;
      const { port } = this.server!.address() as AddressInfo;
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
        res.end(
          JSON.stringify({
            issuer: ISSUER,
            jwks_uri: `http://127.0.0.1:${port}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          }),
        );
      } else if (req.url?.startsWith('/v1/.well-known/keys')) {
        res.end(JSON.stringify({ keys: this.keys.map((k) => k.jwk()) }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
