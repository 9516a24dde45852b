import { describeConfig, readConfig } from '../../src/config/env';
import { LocalConnector } from '../support/connector';
import { startTestBot, type TestBot } from '../support/bot';
import { TENANT, USERS, messageActivity, postActivity } from '../support/teams';

describe('configuration from the environment', () => {
  it('without an app id the bot runs in local mode on the embedded store', () => {
    expect(readConfig({})).toMatchObject({
      port: 3978,
      auth: { mode: 'local' },
      store: { kind: 'embedded', dataDir: 'data' },
    });
  });

  it('a Cosmos DB endpoint selects Cosmos DB, with Entra ID sign-in when no key is given', () => {
    expect(readConfig({ COSMOS_ENDPOINT: 'https://konto.documents.azure.com:443/' }).store).toEqual({
      kind: 'cosmos',
      endpoint: 'https://konto.documents.azure.com:443/',
      key: undefined,
      databaseId: 'atgardsplan',
    });
  });

  it('configured for production without a password, the bot refuses to start and says what is missing', () => {
    expect(() => readConfig({ MicrosoftAppId: 'app-id' })).toThrow('MicrosoftAppPassword: krävs för MultiTenant');
  });

  it('a single-tenant bot needs its tenant id', () => {
    expect(() =>
      readConfig({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }),
    ).toThrow('MicrosoftAppTenantId: krävs för SingleTenant');
  });

  it('a managed identity needs no password', () => {
    expect(
      readConfig({ MicrosoftAppId: 'app-id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' }).auth,
    ).toMatchObject({ mode: 'production', appType: 'UserAssignedMSI' });
  });

  it('in production the served tenant must be named; in local mode it is the Playground tenant', () => {
    expect(() => readConfig({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'x' })).toThrow(
      'ALLOWED_TENANT_ID: krävs',
    );
    expect(readConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'x', ALLOWED_TENANT_ID: 't1' }).tenantId).toBe('t1');
    expect(readConfig({}).tenantId).toBe(TENANT);
  });

  it('a password without an app id is a mistake, not local mode', () => {
    expect(() => readConfig({ MicrosoftAppPassword: 'hemligt' })).toThrow(
      'MicrosoftAppPassword: är satt men MicrosoftAppId saknas',
    );
  });

  it('an invalid port is refused', () => {
    expect(() => readConfig({ PORT: 'abc' })).toThrow('PORT:');
  });
});

describe('configured for production', () => {
  let bot: TestBot;
  let connector: LocalConnector;

  beforeAll(async () => {
    connector = await new LocalConnector().start();
    bot = await startTestBot({
      env: {
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'hemligt',
        ALLOWED_TENANT_ID: TENANT,
      },
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it('a request without a Bot Framework token is refused and nothing is sent', async () => {
    const res = await postActivity(bot.url, messageActivity(connector.url, USERS.maria, '/status'));
    expect(res.status).toBe(401);
    expect(connector.sent).toHaveLength(0);
  });
});

describe('the configuration logged at start', () => {
  it('names what was chosen and never a secret', () => {
    const config = readConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'hemligt-lösenord',
      MicrosoftAppTenantId: 'tenant',
      MicrosoftAppType: 'SingleTenant',
      COSMOS_ENDPOINT: 'https://konto.documents.azure.com:443/',
      COSMOS_KEY: 'hemlig-nyckel',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=abcdef;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/',
    });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('hemligt-lösenord');
    expect(described).not.toContain('hemlig-nyckel');
    expect(described).not.toContain('abcdef');
    expect(describeConfig(config)).toMatchObject({
      store: { kind: 'cosmos', endpoint: 'https://konto.documents.azure.com:443/', auth: 'nyckel ***' },
      auth: { mode: 'production', appType: 'SingleTenant', password: '***' },
      telemetry: { ingestion: 'https://swedencentral-0.in.applicationinsights.azure.com/' },
    });
  });

  it('says when telemetry is off', () => {
    expect(describeConfig(readConfig({})).telemetry).toBe('off');
  });
});
