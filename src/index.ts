import { TeamsAdapter } from '@microsoft/teams-ai';
import { AppError } from './app/errors';
import { BackgroundWork, graceRanOut } from './app/background';
import { fanOutSlots } from './app/dispatchPrompts';
import { PlanRegistry } from './app/plans';
import { NO_OBSERVER } from './app/observer';
import type { OperationsObserver } from './app/ports';
import { PlanSchedulers } from './app/scheduling/planSchedulers';
import { WakeUps } from './app/scheduling/wakeUps';
import { MAX_CLOCK_OFFSET_MS } from './app/scheduling/scheduler';
import { loadDeployments } from './config/deploymentFile';
import { describeConfig, readConfig, type Config } from './config/env';
import { botVersion } from './config/version';
import { createServer, listen } from './http/server';
import { openStore, type StoreSettings } from './storage/openStore';
import { botFrameworkAuth } from './teams/auth';
import { createBot } from './teams/bot';
import { GraphInstaller, graphCredential } from './teams/graphInstaller';
import { TEAMS_LIMITS, TeamsTransport } from './teams/delivery/transport';
import { reuseConnectorClients } from './teams/delivery/reusedConnectors';
import { TeamsNotifier } from './teams/notifier';
import { PlanRouter } from './teams/planRouting';
import { createLogger } from './telemetry/logging';
import { TelemetryObserver, stopTelemetry } from './telemetry/telemetry';
import { wirePlans, wireTab, type RunningBot, type StartOptions } from './wiring';
import { untilStoreAnswers } from './app/untilStoreAnswers';

export type { RunningBot, StartOptions } from './wiring';

const READY_TIMEOUT_MS = 2_000; // how long /readyz waits for the store

/** SIGTERM: sends in flight get this long to finish; unfinished ones are resumed by the next holder. */
export const SHUTDOWN_GRACE_MS = 7_000;

/** Cosmos DB's request charge of every operation to the observer, beside any sink the caller gave (the bench's). */
function withCharges(settings: StoreSettings, observer: OperationsObserver): StoreSettings {
  if (settings.kind !== 'cosmos' || !observer.storeCharged) return settings;
  const given = settings.onRequestCharge;
  return {
    ...settings,
    onRequestCharge: (operation, requestUnits) => {
      given?.(operation, requestUnits);
      observer.storeCharged?.({ operation, requestUnits });
    },
  };
}

/** The composition root: reads what was configured, builds the adapters, wires them and listens. */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = createLogger(config.logLevel, config.telemetry !== undefined, options.logDestination);
  logger.info({ version: botVersion(), node: process.version, config: describeConfig(config) }, 'Boten startar');
  const loaded = loadDeployments(config.deploymentFile);
  const observer = config.telemetry ? new TelemetryObserver() : NO_OBSERVER;
  const store = await untilStoreAnswers(
    'lagringen öppnas',
    () => openStore(withCharges(options.storeSettings ?? config.store, observer)),
    logger,
  );
  const clock = options.clock ?? { now: () => new Date() };
  const adapter = new TeamsAdapter(botFrameworkAuth(config.auth, config.tokenCheck.openIdMetadataUrl));
  reuseConnectorClients(adapter);
  const botAppId = config.auth.mode === 'production' ? config.auth.appId : '';
  const limits = options.limits ?? { ...TEAMS_LIMITS, sendTimeoutMs: config.sendTimeoutMs };
  const appNotifier = new TeamsNotifier(new TeamsTransport(adapter, botAppId, limits));
  const background = new BackgroundWork((error) => logger.error({ err: error }, 'bakgrundsarbete misslyckades'));
  const perPlan = await wirePlans(adapter, loaded, {
    background,
    store,
    clock,
    logger,
    botAppId,
    tenantId: config.tenantId,
    instanceId: options.instanceId ?? config.instanceId,
    // A clock given in the options is shifted on purpose (tests): its offset is logged, not refused.
    maxClockOffsetMs: options.clock ? undefined : MAX_CLOCK_OFFSET_MS,
    leaseTtlMs: options.leaseTtlMs,
    limits,
    installer: config.graph
      ? new GraphInstaller(
          { ...config.graph, serviceUrl: config.teamsServiceUrl },
          options.graphCredential ?? graphCredential(config.graph),
        )
      : undefined,
    observer,
    notifier: appNotifier,
    fanOutSlots: fanOutSlots(),
  });
  const plans = new PlanRegistry(perPlan, store.schedule);
  const planIds = plans.ids.join(', ');
  const activities = loaded.reduce((n, l) => n + l.plan.recommendations.flatMap((r) => r.activities).length, 0);
  const tab = wireTab(config, perPlan, logger);
  const server = createServer({
    adapter,
    app: createBot(adapter, new PlanRouter(plans)),
    logger,
    tab,
    health: async () => ({ store: config.store.kind, plan: planIds, mode: config.auth.mode }),
    authTimeoutMs: config.tokenCheck.timeoutMs,
    ready: async () => {
      await store.ping(READY_TIMEOUT_MS);
      return { store: config.store.kind, plan: planIds, activities };
    },
  });
  const port = await listen(
    server,
    { port: config.port, host: options.host ?? '0.0.0.0', localMode: config.auth.mode === 'local' },
    logger,
    {
      store: config.store.kind,
      plan: planIds,
      tab: '/tab',
      tabSignOn: config.tab.audience ?? (tab.auth.local ? 'lokalt' : 'ingen'),
    },
  );
  // One scheduler per plan, each under its own lease, cursors and send records. Team rosters are the
  // store's, not a plan's: the first plan's reader keeps them for all.
  const scheduler = new PlanSchedulers(perPlan.map((p) => p.scheduler));
  const { rosters } = perPlan[0]!;
  const wakeUps = config.scheduler
    ? new WakeUps({ tick: () => scheduler.tick(), readRosters: () => rosters.readAll() }, config.rosterCron, logger)
    : undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    scheduler,
    rosters,
    close: async (graceMs = Number.POSITIVE_INFINITY) => {
      wakeUps?.stop();
      server.closeIdleConnections?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A /utskick confirmed just before runs to its end first (its claims keep it single anyway).
      const stopped = Promise.all([scheduler.stop(), background.settled().then(() => appNotifier.close())]);
      if (await graceRanOut(stopped, graceMs)) {
        logger.warn({ graceMs }, 'shutdown: sends still in flight are left to the next lease holder');
        return;
      }
      await closed;
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
        .close(SHUTDOWN_GRACE_MS)
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
