import { readConfig } from '../../src/config/env';
import { LocalConnector } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { ISSUER, OpenIdStandIn, SigningKey, unsignedToken } from '../support/botFrameworkKeys';
import { TENANT, USERS, cardAction, postActivity } from '../support/teams';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const UNAUTHORIZED = { error: 'Unauthorized', message: 'Ej behörig.' };

describe('production authentication against a local stand-in for Bot Framework', () => {
  const key = new SigningKey('nyckel-1');
  const stranger = new SigningKey('nyckel-1'); // same key id, a key Bot Framework never published
  let keys: OpenIdStandIn;
  let connector: LocalConnector;
  let bot: TestBot;

  beforeAll(async () => {
    keys = await new OpenIdStandIn([key]).start();
    connector = await new LocalConnector().start();
    bot = await startTestBot({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'hemligt',
        ALLOWED_TENANT_ID: TENANT,
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
      },
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
    await keys?.stop();
  });

  const now = () => Math.floor(Date.now() / 1000);
  /** What Bot Framework puts in a token for this bot and this activity's serviceUrl. */
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: connector.url,
    nbf: now() - 60,
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  });
  // A card action is answered in the HTTP response, so a valid request needs no outgoing token.
  const activity = () => cardAction(connector.url, USERS.maria, 'showStatus', { target: '2a' });
  const post = (authorization?: string) =>
    postActivity(bot.url, activity(), authorization === undefined ? {} : { authorization });

  it('a request with a valid RS256 token signed by a published key is served', async () => {
    const res = await post(`Bearer ${key.sign(claims())}`);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('Aktivitet 2a');
  });

  it.each([
    ['no token', () => undefined],
    ['an empty header', () => ''],
    ['a malformed token', () => 'Bearer inte.en.token'],
    ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['an unsigned token (alg none)', () => `Bearer ${unsignedToken(claims(), key.kid)}`],
    ['HS256 signed with the public key (key confusion)', () => `Bearer ${key.signHs256WithPublicKey(claims())}`],
    ['RS256 signed with a key that was never published', () => `Bearer ${stranger.sign(claims())}`],
    ['an unknown key id', () => `Bearer ${key.sign(claims(), { kid: 'okänd' })}`],
    ['an expired token', () => `Bearer ${key.sign(claims({ exp: now() - 3600, nbf: now() - 7200 }))}`],
    ['a token not yet valid', () => `Bearer ${key.sign(claims({ nbf: now() + 3600 }))}`],
    ['a wrong audience', () => `Bearer ${key.sign(claims({ aud: '99999999-2222-3333-4444-555555555555' }))}`],
    ['a wrong issuer', () => `Bearer ${key.sign(claims({ iss: 'https://sts.windows.net/evil/' }))}`],
    ['a wrong serviceUrl', () => `Bearer ${key.sign(claims({ serviceurl: 'https://evil.example/' }))}`],
  ])('%s gets 401 with no internal detail, and nothing is processed', async (_case, header) => {
    const res = await post(header());
    expect(res.status).toBe(401);
    expect(res.body).toEqual(UNAUTHORIZED);
    expect(connector.sent).toEqual([]);
  });
});

describe('when Bot Framework keys cannot be fetched in time', () => {
  let keys: OpenIdStandIn;
  let bot: TestBot;

  beforeAll(async () => {
    keys = await new OpenIdStandIn([new SigningKey('k')]).start();
    keys.hang = true;
    bot = await startTestBot({
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'hemligt',
        ALLOWED_TENANT_ID: TENANT,
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
        AUTH_TIMEOUT_MS: '1000',
      },
    });
  });
  afterAll(async () => {
    // The adapter is still waiting on the hung metadata request: closing the stand-in ends it, and
    // the adapter logs the failure. Let that happen inside this file, not after its tests are done
    // (Jest fails the run on a log after the tests).
    await keys?.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await bot?.dispose();
  });

  it('the request gets 503 instead of hanging, with no internal detail', async () => {
    const token = new SigningKey('k').sign({ iss: ISSUER, aud: APP_ID, exp: Math.floor(Date.now() / 1000) + 600 });
    const res = await postActivity(bot.url, cardAction('http://127.0.0.1:9/', USERS.maria, 'showStatus', {}), {
      authorization: `Bearer ${token}`,
    });
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: 'ServiceUnavailable', message: 'Försök igen om en stund.' });
    expect(keys.requests).toBeGreaterThan(0);
  });

  it('the timeout cannot be configured above 10 s', () => {
    expect(() => readConfig({ AUTH_TIMEOUT_MS: '30000' })).toThrow('AUTH_TIMEOUT_MS');
  });
});
