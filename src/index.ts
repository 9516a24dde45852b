import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Clock, Store } from './app/ports';
import { AppError } from './app/errors';
import { loadDeployment } from './config/deploymentFile';
import { readConfig, type Config } from './config/env';
import { createServer } from './http/server';
import { openStore, type StoreSettings } from './storage/openStore';
import { createBot, useCases } from './teams/bot';

export interface RunningBot {
  url: string;
  store: Store;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Tests reach the local Cosmos peer through its own TLS agent. */
  storeSettings?: StoreSettings;
  host?: string;
}

const systemClock: Clock = { now: () => new Date() };

function botFrameworkAuth(config: Config): Record<string, string | undefined> {
  if (config.auth.mode === 'local') return {};
  return {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.password,
    MicrosoftAppTenantId: config.auth.tenantId,
    MicrosoftAppType: config.auth.appType,
  };
}

/** The composition root: reads what was configured, builds the adapters, wires them and listens. */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = pino({ level: config.logLevel, base: { app: 'atgardsplan-bot' } });
  const { plan, deployment } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  const adapter = new TeamsAdapter(botFrameworkAuth(config));
  const botAppId = config.auth.mode === 'production' ? config.auth.appId : '';
  const handlers = useCases(adapter, {
    plan,
    deployment,
    store,
    clock: options.clock ?? systemClock,
    logger,
    botAppId,
  });
  const app = createBot(adapter, handlers);
  const server = createServer({
    adapter,
    app,
    logger,
    health: async () => ({ store: config.store.kind, plan: plan.id, mode: config.auth.mode }),
  });

  await new Promise<void>((resolve) => server.listen(config.port, options.host ?? '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  if (config.auth.mode === 'local') {
    logger.warn(
      { port },
      'LOKALT LÄGE: inget MicrosoftAppId är satt, så förfrågningar autentiseras inte. Endast för utveckling.',
    );
  }
  logger.info(
    { port, store: config.store.kind, plan: plan.id },
    `Boten lyssnar på http://localhost:${port}/api/messages`,
  );

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  try {
    const running = await startBot(readConfig());
    const stop = (): void => {
      void running.close().finally(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'START_FAILED';
    process.stderr.write(`Boten startade inte [${code}]: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
