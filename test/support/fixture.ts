import { BACKEND_NAMES, startTestBot, stopLocalCosmos, storeFor, type BackendName, type TestBot } from './bot';
import { LocalConnector } from './connector';
import { Chat } from './conversation';

export type { BackendName };

/**
 * The one way to run a suite on both backends: the embedded store (SQLite) and Cosmos DB (a local
 * peer, started once per file and stopped after it). Used by the store contract and the HTTP suites.
 */
export function describeEachStore(title: string, body: (backend: BackendName) => void): void {
  describe.each(BACKEND_NAMES)(`${title} (%s store)`, (backend) => {
    body(backend);
    afterAll(() => stopLocalCosmos());
  });
}

/** The real bot over its HTTP endpoint, the local Bot Connector it answers through, and a chat between them. */
export interface BotFixture {
  bot: TestBot;
  connector: LocalConnector;
  chat: Chat;
}

export interface BotFixtureOptions {
  /** The store the bot runs on; the embedded one unless named. */
  backend?: BackendName;
  /** A fresh bot (and store) for every test, or one for the whole file. */
  per?: 'test' | 'file';
  /** What else the bot starts with: environment, clock, deployment. */
  start?: Omit<NonNullable<Parameters<typeof startTestBot>[0]>, 'storeSettings'>;
}

/**
 * The shared fixture: registers the hooks that start the connector and the bot, clear what the
 * connector saw before each test, and stop everything after, so every async thing settles inside
 * its file. Read the fields inside tests (they are set by the hooks).
 */
export function useBotFixture(options: BotFixtureOptions = {}): BotFixture {
  const fixture = {} as BotFixture;
  const per = options.per ?? 'file';
  const start = async () => {
    const storeSettings = options.backend ? await storeFor(options.backend) : undefined;
    fixture.bot = await startTestBot({ ...options.start, storeSettings });
    fixture.chat = new Chat(fixture.bot, fixture.connector);
  };
  beforeAll(async () => {
    fixture.connector = await new LocalConnector().start();
    if (per === 'file') await start();
  });
  beforeEach(async () => {
    if (per === 'test') await start();
    fixture.connector.clear();
  });
  if (per === 'test') afterEach(async () => fixture.bot?.dispose());
  afterAll(async () => {
    if (per === 'file') await fixture.bot?.dispose();
    await fixture.connector?.stop();
  });
  return fixture;
}
