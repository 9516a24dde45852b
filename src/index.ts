import type { AddressInfo } from 'node:net';
import { Cron } from 'croner';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Clock, Logger, Store } from './app/ports';
import { AppError } from './app/errors';
import { loadDeployments } from './config/deploymentFile';
import { describeConfig, readConfig, type Config } from './config/env';
import { botVersion } from './config/version';
import { createServer } from './http/server';
import { openStore, type StoreSettings } from './storage/openStore';
import { createBot } from './teams/bot';
import { PlanRouter, stampPlan } from './teams/planRouting';
import { PlanRegistry } from './app/plans';
import { TEAMS_LIMITS, TeamsNotifier, type DeliveryLimits } from './teams/notifier';
import type { HandlerDeps } from './teams/handlers/context';
import { ConversationBook } from './app/conversations';
import { SendOnce } from './app/sendOnce';
import { ReminderMoves } from './app/reminderMoves';
import { Permissions } from './app/permissions';
import { BackgroundWork } from './app/background';
import { NextSends } from './app/scheduling/nextSends';
import { DispatchPrompts } from './app/dispatchPrompts';
import { StatusPrompts } from './app/prompts';
import { RecordStatus } from './app/recordStatus';
import { StatusQueries, type FollowUpContext } from './app/statusQueries';
import { WeeklySummaries } from './app/weeklySummaries';
import { RecordAssessment } from './app/assessments';
import { FollowUpReports } from './app/reportVersions';
import { reportRenderer } from './report/renderer';
import { workbookWriter } from './report/workbook';
import { DashboardQueries } from './app/dashboard';
import { DashboardExport } from './app/dashboardExport';
import type { TabPlan } from './http/tabApi';
import { EntraTokens, PlaygroundUsers, type TabAuthenticator, type Viewer } from './http/tabAuth';
import { WorkingCalendar } from './app/scheduling/calendar';
import { Scheduler, type TickReport } from './app/scheduling/scheduler';
import { LiveDeployment } from './app/liveDeployment';
import { Absences } from './app/absences';
import { Administration, PlanRevisions } from './app/administration';
import { revisedPlan } from './domain/revisions';
import type { Plan } from './domain/plan';
import type { Deployment } from './domain/deployment';
import { TIME_ZONE } from './domain/dates';
import type { TokenCredential } from '@azure/identity';
import { PersonalReach } from './app/reach';
import { TeamRosters } from './app/roster';
import { TeamsPersonalChats } from './teams/personalChats';
import { GraphInstaller, graphCredential } from './teams/graphInstaller';
import { NO_OBSERVER, ObservedAnswers, ObservedNotifier, type OperationsObserver } from './app/observer';
import { createLogger } from './telemetry/logging';
import { TelemetryObserver, stopTelemetry } from './telemetry/telemetry';

export interface RunningBot {
  url: string;
  store: Store;
  /** Every plan's scheduler, ticked together. */
  scheduler: Pick<Scheduler, 'tick' | 'stop'>;
  rosters: TeamRosters;
  /** Stops taking requests and sends; waits at most `graceMs` for sends in flight. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Tests reach the local Cosmos peer through its own TLS agent. */
  storeSettings?: StoreSettings;
  host?: string;
  instanceId?: string;
  limits?: DeliveryLimits;
  /** Tests sign in to their Graph stand-in with a token from a local token endpoint. */
  graphCredential?: TokenCredential;
}

const systemClock: Clock = { now: () => new Date() };

/** How long /readyz waits for the store. */
const READY_TIMEOUT_MS = 2_000;

/** SIGTERM: sends in flight get this long to finish; unfinished ones are resumed by the next holder. */
export const SHUTDOWN_GRACE_MS = 7_000;

function botFrameworkAuth(config: Config): Record<string, string | undefined> {
  if (config.auth.mode === 'local') return {};
  const metadata = config.tokenCheck.openIdMetadataUrl;
  return {
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.password,
    MicrosoftAppTenantId: config.auth.tenantId,
    MicrosoftAppType: config.auth.appType,
    // With a metadata URL of its own, botbuilder takes every other setting from configuration too:
    // these are Public Azure's values (botframework-connector's AuthenticationConstants).
    ...(metadata
      ? {
          ToBotFromChannelOpenIdMetadataUrl: metadata,
          ToBotFromEmulatorOpenIdMetadataUrl: metadata,
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          CallerId: 'urn:botframework:azure',
          ValidateAuthority: 'true',
        }
      : {}),
  };
}

/** Every plan's scheduler, woken together; each decides from the store what is due for its plan. */
class PlanSchedulers {
  constructor(readonly each: Scheduler[]) {}
  async tick(): Promise<TickReport> {
    const reports: TickReport[] = [];
    for (const scheduler of this.each) reports.push(await scheduler.tick());
    if (reports.length === 1) return reports[0]!;
    const joined = (key: 'prompts' | 'reminder' | 'summary') =>
      reports.some((r) => r[key]) ? reports.map((r) => r[key] ?? '–').join('; ') : undefined;
    return {
      leader: reports.every((r) => r.leader),
      prompts: joined('prompts'),
      reminder: joined('reminder'),
      summary: joined('summary'),
    };
  }
  async stop(): Promise<void> {
    await Promise.all(this.each.map((s) => s.stop()));
  }
}

interface BotDeps {
  /** Work turns start and shutdown waits for (the /utskick fan-out), shared by every plan. */
  background: BackgroundWork;
  plan: Plan;
  /** The deployment's other plans (a channel follows one plan). */
  otherPlanIds: string[];
  deployment: LiveDeployment;
  planSha256: string;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Empty in local mode. */
  botAppId: string;
  tenantId: string;
  /** This process, as lease holder and claimant of sends. */
  instanceId: string;
  limits?: DeliveryLimits;
  /** Proactive installation; absent when Graph is not configured. */
  installer?: GraphInstaller;
  observer: OperationsObserver;
  /** The app's one notifier: Teams' pacing limits are per app, whatever the number of plans. */
  notifier: TeamsNotifier;
  /** Several plans in this deployment: each card names its plan and carries its id. */
  several: boolean;
}

/** Wires the use cases once, for the handlers and for whatever runs outside a turn (the scheduler). */
function useCases(
  adapter: TeamsAdapter,
  deps: BotDeps,
): HandlerDeps & { notifier: TeamsNotifier; scheduler: Scheduler; tab: TabPlan } {
  const live = deps.deployment;
  // The plan file's plan with the administrators' revisions applied (re-read with the deployment).
  let revised = { from: live.revisions, plan: revisedPlan(deps.plan, live.revisions) };
  const ctx: FollowUpContext = {
    get plan() {
      if (revised.from !== live.revisions)
        revised = { from: live.revisions, plan: revisedPlan(deps.plan, live.revisions) };
      return revised.plan;
    },
    // The store's deployment as last read: refreshed every turn and every scheduler pass.
    get deployment() {
      return live.value;
    },
    answers: new ObservedAnswers(deps.store.answers, deps.observer),
    states: deps.store.states,
    clock: deps.clock,
  };
  const calendar = new WorkingCalendar();
  const permissions = new Permissions(ctx);
  const reminderMoves = new ReminderMoves(ctx, deps.store.schedule, calendar, permissions);
  const prompts = new StatusPrompts(ctx, reminderMoves);
  const book = new ConversationBook(deps.store.conversations);
  const notifier = deps.several
    ? deps.notifier.forPlan((card) => stampPlan(card, deps.plan))
    : deps.notifier.forPlan((card) => card);
  const observedNotifier = new ObservedNotifier(notifier, deps.observer);
  const summaries = new WeeklySummaries(ctx, deps.store.schedule, book, deps.otherPlanIds);
  const chats = new TeamsPersonalChats(adapter, deps.botAppId, deps.clock, notifier, deps.installer);
  const rosters = new TeamRosters(ctx, deps.store.roster, chats, deps.logger);
  const sender = new SendOnce(deps.store.schedule, deps.plan.id, deps.clock);
  const nextSends = new NextSends(() => live.value.schedule, calendar, deps.clock);
  const reach = new PersonalReach(ctx, book, deps.store.roster, chats, deps.store.schedule, nextSends, sender);
  const dispatch = new DispatchPrompts(ctx, prompts, reach, observedNotifier, sender);
  const scheduler = new Scheduler({
    ctx,
    live,
    store: deps.store.schedule,
    sender,
    calendar,
    dispatch,
    summaries,
    notifier: observedNotifier,
    logger: deps.logger,
    instanceId: deps.instanceId,
    observer: deps.observer,
  });
  const reports = new FollowUpReports(
    ctx,
    deps.store.followUp,
    deps.planSha256,
    reportRenderer,
    deps.store.deployments,
    deps.plan,
  );
  return {
    get plan() {
      return ctx.plan;
    },
    get deployment() {
      return live.value;
    },
    live,
    clock: deps.clock,
    logger: deps.logger,
    queries: new StatusQueries(ctx),
    prompts,
    record: new RecordStatus(ctx),
    book,
    dispatch,
    summaries,
    nextSends,
    permissions,
    reminderMoves,
    sender,
    background: deps.background,
    tenantId: deps.tenantId,
    assessments: new RecordAssessment(ctx, deps.store.followUp),
    reports,
    notifier,
    absences: new Absences(ctx, live),
    administration: new Administration(ctx, live),
    revisions: new PlanRevisions(ctx, live),
    scheduler,
    rosters,
    reach,
    tab: {
      id: deps.plan.id,
      title: deps.plan.title,
      dashboard: new DashboardQueries(ctx, deps.store.followUp, deps.store.schedule, permissions),
      export: new DashboardExport(
        ctx,
        deps.store.followUp,
        deps.store.deployments,
        deps.store.schedule,
        permissions,
        workbookWriter,
      ),
      reports,
    },
  };
}

/** Local mode's stand-in for sign-on: anyone without a part in any plan, to see the tab as a reader. */
const LOCAL_READER: Viewer = { userId: 'utan-roll', name: 'Någon utan roll i planen' };

/** The deployment's people as the local tab offers them, each once, with their part. */
function localPeople(deployments: Deployment[]): Array<Viewer & { role: string }> {
  const people = new Map<string, Viewer & { role: string }>();
  const add = (m: { userId: string; name: string }, role: string): void => {
    if (!people.has(m.userId)) people.set(m.userId, { userId: m.userId, name: m.name, role });
  };
  for (const d of deployments) {
    d.administrators.forEach((m) => add(m, 'Administratör'));
    d.managementGroup.forEach((m) => add(m, 'Ledningsgruppen'));
    d.owners.forEach((o) => add(o.owner, 'Aktivitetsägare'));
    d.owners.forEach((o) => o.deputy && add(o.deputy, 'Ersättare'));
  }
  add(LOCAL_READER, 'Läsare');
  return [...people.values()];
}

function tabAuthenticator(config: Config, people: () => Viewer[]): TabAuthenticator {
  if (config.auth.mode === 'local') return new PlaygroundUsers(people);
  return new EntraTokens({
    audience: config.tab.audience,
    tenantId: config.tenantId,
    openIdMetadataUrl: config.tab.openIdMetadataUrl,
    timeoutMs: config.tokenCheck.timeoutMs,
  });
}

/** The composition root: reads what was configured, builds the adapters, wires them and listens. */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = createLogger(config.logLevel, config.telemetry !== undefined);
  logger.info({ version: botVersion(), node: process.version, config: describeConfig(config) }, 'Boten startar');
  const loaded = loadDeployments(config.deploymentFile);
  const store = await openStore(options.storeSettings ?? config.store);
  const clock = options.clock ?? systemClock;
  const adapter = new TeamsAdapter(botFrameworkAuth(config));
  const botAppId = config.auth.mode === 'production' ? config.auth.appId : '';
  const instanceId = options.instanceId ?? config.instanceId;
  const limits = options.limits ?? { ...TEAMS_LIMITS, sendTimeoutMs: config.sendTimeoutMs };
  const appNotifier = new TeamsNotifier(adapter, botAppId, limits);
  const installer = config.graph
    ? new GraphInstaller(
        { ...config.graph, serviceUrl: config.teamsServiceUrl },
        options.graphCredential ?? graphCredential(config.graph),
      )
    : undefined;
  const observer = config.telemetry ? new TelemetryObserver() : NO_OBSERVER;
  const background = new BackgroundWork((error) => logger.error({ err: error }, 'bakgrundsarbete misslyckades'));
  // Each plan's deployment: the file seeds the store on first start; after that the store is the truth.
  const lives = await Promise.all(
    loaded.map(({ plan, deployment }) => LiveDeployment.open(store.deployments, plan, deployment, clock)),
  );
  const perPlan = loaded.map(({ plan, planSha256 }, i) =>
    useCases(adapter, {
      background,
      plan,
      otherPlanIds: loaded.filter((other) => other.plan.id !== plan.id).map((other) => other.plan.id),
      deployment: lives[i]!,
      planSha256,
      store,
      clock,
      logger,
      botAppId,
      tenantId: config.tenantId,
      instanceId,
      limits,
      installer,
      observer,
      notifier: appNotifier,
      several: loaded.length > 1,
    }),
  );
  const plans = new PlanRegistry(perPlan, store.schedule);
  const app = createBot(adapter, new PlanRouter(plans));
  const planIds = plans.ids.join(', ');
  const activityCount = loaded.reduce((n, l) => n + l.plan.recommendations.flatMap((r) => r.activities).length, 0);
  const people = (): Array<Viewer & { role: string }> => localPeople(lives.map((l) => l.value));
  const server = createServer({
    adapter,
    app,
    logger,
    tab: {
      auth: tabAuthenticator(config, people),
      plans: perPlan.map((p) => p.tab),
      people,
      dir: config.tab.dir,
      logger,
    },
    health: async () => ({ store: config.store.kind, plan: planIds, mode: config.auth.mode }),
    authTimeoutMs: config.tokenCheck.timeoutMs,
    ready: async () => {
      await store.ping(READY_TIMEOUT_MS);
      return {
        store: config.store.kind,
        plan: planIds,
        activities: activityCount,
      };
    },
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
    { port, store: config.store.kind, plan: planIds },
    `Boten lyssnar på http://localhost:${port}/api/messages`,
  );
  logger.info({ port }, `Fliken: http://localhost:${port}/tab`);
  if (config.auth.mode === 'production' && !config.tab.audience) {
    logger.warn({}, 'Fliken: varken TAB_DOMAIN eller WEBSITE_HOSTNAME är satt, så ingen inloggning godtas i fliken.');
  }

  // croner wakes the scheduler every minute; what is due, and whether this instance may send it,
  // is decided from the store, so a missed or doubled wake-up changes nothing.
  // One scheduler per plan, each under its own lease, cursors and send records.
  const scheduler = new PlanSchedulers(perPlan.map((p) => p.scheduler));
  const tick = (): void => {
    scheduler.tick().catch((error: unknown) => logger.error({ err: error }, 'Schemaläggarens varv misslyckades'));
  };
  const wakeUp = config.scheduler ? new Cron('* * * * *', { timezone: TIME_ZONE, protect: true }, tick) : undefined;
  if (config.scheduler) tick();
  // Teams add and remove members without always telling the bot (a missed event, a change while it
  // was down): every team's roster is read again daily. Re-reading is idempotent, so two processes
  // doing it is harmless.
  // Team rosters are the store's, not a plan's: the first plan's reader keeps them for all.
  const { rosters } = perPlan[0]!;
  const rosterWakeUp = config.scheduler
    ? new Cron(config.rosterCron, { timezone: TIME_ZONE, protect: true }, () => {
        rosters.readAll().catch((error: unknown) => logger.error({ err: error }, 'roster pass failed'));
      })
    : undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    store,
    scheduler,
    rosters,
    close: async (graceMs = Number.POSITIVE_INFINITY) => {
      wakeUp?.stop();
      rosterWakeUp?.stop();
      server.closeIdleConnections?.();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A hung send must not hold up shutdown: after the grace period its claim is left open, to be
      // resumed by the next lease holder (this host's next process takes it over at once).
      // A /utskick confirmed just before runs to its end first (its claims keep it single anyway).
      const stopped = Promise.all([scheduler.stop(), background.settled().then(() => appNotifier.close())]);
      const graceOver = await Promise.race([
        stopped.then(() => false),
        ...(Number.isFinite(graceMs)
          ? [new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref())]
          : []),
      ]);
      if (graceOver) logger.warn({ graceMs }, 'shutdown: sends still in flight are left to the next lease holder');
      else await closed;
      if (!graceOver) await store.close();
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
