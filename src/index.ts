import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Clock, Logger, Store } from './app/ports';
import { AppError } from './app/errors';
import { loadDeployment } from './config/deploymentFile';
import { describeConfig, readConfig, type Config } from './config/env';
import { botVersion } from './config/version';
import { createServer } from './http/server';
import { openStore, type StoreSettings } from './storage/openStore';
import { createBot } from './teams/bot';
import { TeamsNotifier, type DeliveryLimits } from './teams/notifier';
import type { HandlerDeps } from './teams/handlers/context';
import { ConversationBook } from './app/conversations';
import { DispatchPrompts } from './app/dispatchPrompts';
import { StatusPrompts } from './app/prompts';
import { RecordStatus } from './app/recordStatus';
import { StatusQueries, type FollowUpContext } from './app/statusQueries';
import { WeeklySummaries } from './app/weeklySummaries';
import { WorkingCalendar } from './app/scheduling/calendar';
import { Scheduler } from './app/scheduling/scheduler';
import type { Deployment } from './domain/deployment';
import type { Plan } from './domain/plan';
import { TIME_ZONE } from './domain/dates';
import { NO_OBSERVER, ObservedAnswers, ObservedNotifier, type OperationsObserver } from './app/observer';
import { createLogger } from './telemetry/logging';
import { TelemetryObserver, stopTelemetry } from './telemetry/telemetry';

export interface RunningBot {
  url: string;
  store: Store;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Tests reach the local Cosmos peer through its own TLS agent. */
  storeSettings?: StoreSettings;
  host?: string;
  instanceId?: string;
  limits?: DeliveryLimits;
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

interface BotDeps {
  plan: Plan;
  deployment: Deployment;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Empty in local mode. */
  botAppId: string;
  /** This process, as lease holder and claimant of sends. */
  instanceId: string;
  limits?: DeliveryLimits;
  observer: OperationsObserver;
}

/** Wires the use cases once, for the handlers and for whatever runs outside a turn (the scheduler). */
function useCases(
  adapter: TeamsAdapter,
  deps: BotDeps,
): HandlerDeps & { notifier: TeamsNotifier; scheduler: Scheduler } {
  const ctx: FollowUpContext = {
    plan: deps.plan,
    deployment: deps.deployment,
    answers: new ObservedAnswers(deps.store.answers, deps.observer),
    clock: deps.clock,
  };
  const prompts = new StatusPrompts(ctx);
  const book = new ConversationBook(deps.store.conversations);
  const notifier = new TeamsNotifier(adapter, deps.botAppId, deps.limits);
  const observedNotifier = new ObservedNotifier(notifier, deps.observer);
  const calendar = new WorkingCalendar();
  const summaries = new WeeklySummaries(ctx, deps.store.schedule, book);
  const dispatch = new DispatchPrompts(ctx, prompts, book, observedNotifier, deps.store.schedule);
  const scheduler = new Scheduler({
    ctx,
    schedule: deps.deployment.schedule,
    store: deps.store.schedule,
    calendar,
    dispatch,
    summaries,
    notifier: observedNotifier,
    logger: deps.logger,
    instanceId: deps.instanceId,
    observer: deps.observer,
  });
  return {
    plan: deps.plan,
    deployment: deps.deployment,
    clock: deps.clock,
    logger: deps.logger,
    queries: new StatusQueries(ctx),
    prompts,
    record: new RecordStatus(ctx),
    book,
    dispatch,
    summaries,
    calendar,
    notifier,
    scheduler,
  };
}

/** The composition root: reads what was configured, builds the adapters, wires them and listens. */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = createLogger(config.logLevel, config.telemetry !== undefined);
  logger.info({ version: botVersion(), node: process.version, config: describeConfig(config) }, 'Boten startar');
  const { plan, deployment } = loadDeployment(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  const adapter = new TeamsAdapter(botFrameworkAuth(config));
  const botAppId = config.auth.mode === 'production' ? config.auth.appId : '';
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const handlers = useCases(adapter, {
    plan,
    deployment,
    store,
    clock: options.clock ?? systemClock,
    logger,
    botAppId,
    instanceId,
    limits: options.limits,
    observer: config.telemetry ? new TelemetryObserver() : NO_OBSERVER,
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

  // croner wakes the scheduler every minute; what is due, and whether this instance may send it,
  // is decided from the store, so a missed or doubled wake-up changes nothing.
  const { scheduler } = handlers;
  const tick = (): void => {
    scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'Schemaläggarens varv misslyckades'));
  };
  const wakeUp = config.scheduler ? new Cron('* * * * *', { timezone: TIME_ZONE, protect: true }, tick) : undefined;
  if (config.scheduler) tick();

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    scheduler,
    close: async () => {
      wakeUp?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await scheduler.stop();
      await handlers.notifier.close();
      await store.close();
    },
  };
}

async function main(): Promise<void> {
  try {
    const config = readConfig();
    const running = await startBot(config);
    const stop = (): void => {
      void running
        .close()
        .then(() => (config.telemetry ? stopTelemetry() : undefined))
        .finally(() => process.exit(0));
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
