import type { Clock, Logger, Store } from './app/ports';
import { stampPlan } from './teams/planRouting';
import type { TeamsNotifier, DeliveryLimits } from './teams/notifier';
import type { HandlerDeps } from './teams/handlers/context';
import { ConversationBook } from './app/conversations';
import { SendOnce } from './app/sendOnce';
import { ReminderMoves } from './app/reminderMoves';
import { Permissions } from './app/permissions';
import type { BackgroundWork } from './app/background';
import { NextSends } from './app/scheduling/nextSends';
import type Bottleneck from 'bottleneck';
import { DispatchPrompts } from './app/dispatchPrompts';
import { StatusPrompts } from './app/prompts';
import { RecordStatus } from './app/recordStatus';
import { StatusQueries } from './app/statusQueries';
import { WeeklySummaries } from './app/weeklySummaries';
import { RecordAssessment } from './app/assessments';
import { FollowUpReports } from './app/reportVersions';
import { CommitteePaper } from './app/committeePaper';
import { registerExtractRenderer, reportRenderer } from './report/renderer';
import { workbookWriter } from './report/workbook';
import { DashboardQueries } from './app/dashboard';
import { DashboardExport } from './app/dashboardExport';
import type { TabDeps, TabPlan } from './http/tabApi';
import { tabAuthenticator } from './http/tabAuth';
import { tabPeople } from './app/dashboard';
import { WorkingCalendar } from './app/scheduling/calendar';
import { Scheduler } from './app/scheduling/scheduler';
import { LiveDeployment } from './app/liveDeployment';
import { untilStoreAnswers } from './app/untilStoreAnswers';
import type { LoadedDeployment } from './config/deploymentFile';
import type { Config } from './config/env';
import type { TokenCredential } from '@azure/identity';
import type { PlanSchedulers } from './app/scheduling/planSchedulers';
import type { StoreSettings } from './storage/openStore';
import { Absences } from './app/absences';
import { Administration, PlanRevisions } from './app/administration';
import { RetentionRules } from './app/retentionRules';
import { RegisterExtracts } from './app/registerExtract';
import { gallring, gallringLines, SCHEDULED_GALLRING } from './app/gallring';
import { PlanLifecycle } from './app/lifecycle';
import { revisedPlan } from './domain/revisions';
import type { Plan } from './domain/plan';
import { PersonalReach } from './app/reach';
import { TeamRosters } from './app/roster';
import { TeamsPersonalChats } from './teams/personalChats';
import type { GraphInstaller } from './teams/graphInstaller';
import { ObservedAnswers, ObservedNotifier } from './app/observer';
import type { FollowUpContext } from './app/context';
import type { OperationsObserver } from './app/ports';

/**
 * The wiring of one plan's use cases: built once per plan at start, for the handlers and for
 * whatever runs outside a turn (the scheduler). Only `index.ts` calls it.
 */

export interface BotDeps {
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
  /** The clock offset from the store beyond which this instance refuses to lead; undefined: logged only. */
  maxClockOffsetMs?: number;
  /** The scheduler lease's time without a heartbeat (shortened by the fault suite). */
  leaseTtlMs?: number;
  limits?: DeliveryLimits;
  /** Proactive installation; absent when Graph is not configured. */
  installer?: GraphInstaller;
  observer: OperationsObserver;
  /** The app's one notifier: Teams' pacing limits are per app, whatever the number of plans. */
  notifier: TeamsNotifier;
  /** The app's one set of fan-out slots, shared by every plan's fan-out. */
  fanOutSlots: Bottleneck;
  /** Several plans in this deployment: each card names its plan and carries its id. */
  several: boolean;
}

export function useCases(
  adapter: ConstructorParameters<typeof TeamsPersonalChats>[0],
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
  const assessments = new RecordAssessment(ctx, deps.store.followUp);
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
  const dispatch = new DispatchPrompts(
    ctx,
    prompts,
    reach,
    observedNotifier,
    sender,
    { permissions, background: deps.background, rosters, reporter: notifier, logger: deps.logger },
    deps.fanOutSlots,
  );
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
    maxClockOffsetMs: deps.maxClockOffsetMs,
    leaseTtlMs: deps.leaseTtlMs,
    gallring: async (now, deployment) =>
      gallringLines(
        await gallring(deps.store, deps.plan.id, deployment, now, {
          dryRun: false,
          by: SCHEDULED_GALLRING,
          quietWhenNothing: true,
        }),
      ),
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
    assessments,
    reports,
    paper: new CommitteePaper(ctx, deps.store.followUp, deps.store.deployments, reports),
    notifier,
    absences: new Absences(ctx, live),
    administration: new Administration(ctx, live),
    revisions: new PlanRevisions(ctx, live),
    retention: new RetentionRules(ctx, live),
    registerExtracts: new RegisterExtracts(deps.plan, deps.store, deps.clock, registerExtractRenderer),
    lifecycle: new PlanLifecycle(ctx, live, (id) => assessments.latest(id)),
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

/** What every plan shares: the store, the clock, the one notifier (Teams' pacing is per app) and this process. */
export type SharedDeps = Omit<BotDeps, 'plan' | 'otherPlanIds' | 'deployment' | 'planSha256' | 'several'>;

/** Each plan's use cases. Its deployment: the file seeds the store on first start; after that the store is the truth. */
export async function wirePlans(
  adapter: Parameters<typeof useCases>[0],
  loaded: LoadedDeployment[],
  shared: SharedDeps,
): Promise<Array<ReturnType<typeof useCases>>> {
  const lives = await Promise.all(
    loaded.map(({ plan, deployment }) =>
      untilStoreAnswers(
        `driftinställningarna för ${plan.id}`,
        () => LiveDeployment.open(shared.store.deployments, plan, deployment, shared.clock),
        shared.logger,
      ),
    ),
  );
  return loaded.map(({ plan, planSha256 }, i) =>
    useCases(adapter, {
      ...shared,
      plan,
      otherPlanIds: loaded.filter((other) => other.plan.id !== plan.id).map((other) => other.plan.id),
      deployment: lives[i]!,
      planSha256,
      several: loaded.length > 1,
    }),
  );
}

/** The tab on the bot's server: every plan's read model, and how a viewer is known (sign-on, or locally the page). */
export function wireTab(config: Config, perPlan: Array<ReturnType<typeof useCases>>, logger: Logger): TabDeps {
  const settings = { ...config.tab, tenantId: config.tenantId, timeoutMs: config.tokenCheck.timeoutMs };
  const people = () => tabPeople(perPlan.map((p) => p.deployment));
  return {
    auth: tabAuthenticator(settings, people),
    plans: perPlan.map((p) => p.tab),
    people,
    dir: settings.dir,
    logger,
  };
}

/** What startBot (index.ts) gives back: the running bot, as tests and the process see it. */
export interface RunningBot {
  url: string;
  store: Store;
  /** Every plan's scheduler, ticked together. */
  scheduler: Pick<PlanSchedulers, 'tick' | 'stop'>;
  rosters: TeamRosters;
  /** Stops taking requests and sends; waits at most `graceMs` for sends in flight. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  storeSettings?: StoreSettings; // tests reach the local Cosmos peer through its own TLS agent
  host?: string;
  instanceId?: string;
  /** The scheduler lease's time without a heartbeat; the fault suite shortens it. */
  leaseTtlMs?: number;
  limits?: DeliveryLimits;
  /** Tests sign in to their Graph stand-in with a token from a local token endpoint. */
  graphCredential?: TokenCredential;
  logDestination?: { write(line: string): void }; // instead of stdout: tests read every line the bot writes
}
