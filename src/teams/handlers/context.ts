import type { RegisterExtracts } from '../../app/registerExtract';
import { textOfHtml } from '../../domain/personalData';
import type { TurnContext } from 'botbuilder';
import { TEXT } from '../replies';
import type { Person } from '../../domain/answer';
import type { Deployment } from '../../domain/deployment';
import type { Plan } from '../../domain/plan';
import type { Clock, Logger } from '../../app/ports';
import type { ConversationBook } from '../../app/conversations';
import type { DispatchPrompts } from '../../app/dispatchPrompts';
import type { StatusPrompts } from '../../app/prompts';
import type { RecordStatus } from '../../app/recordStatus';
import type { StatusQueries } from '../../app/statusQueries';
import type { WeeklySummaries } from '../../app/weeklySummaries';
import type { NextSends } from '../../app/scheduling/nextSends';
import type { Permissions } from '../../app/permissions';
import type { SendOnce } from '../../app/sendOnce';
import type { BackgroundWork } from '../../app/background';
import type { PersonalReach } from '../../app/reach';
import type { TeamRosters } from '../../app/roster';
import type { RecordAssessment } from '../../app/assessments';
import type { CommitteePaper } from '../../app/committeePaper';
import type { FollowUpReports } from '../../app/reportVersions';
import type { TeamsNotifier } from '../notifier';
import type { LiveDeployment } from '../../app/liveDeployment';
import type { Absences } from '../../app/absences';
import type { Administration, PlanRevisions } from '../../app/administration';
import type { PlanLifecycle } from '../../app/lifecycle';
import type { ReminderMoves } from '../../app/reminderMoves';
import type { RetentionRules } from '../../app/retentionRules';

/** What the handlers call: the use cases, wired once in createBot. */
export interface HandlerDeps {
  /** The plan file's plan with the administrators' revisions applied (refreshed every turn). */
  readonly plan: Plan;
  /** The deployment as last read from the store (refreshed every turn). */
  readonly deployment: Deployment;
  live: LiveDeployment;
  clock: Clock;
  logger: Logger;
  queries: StatusQueries;
  prompts: StatusPrompts;
  record: RecordStatus;
  book: ConversationBook;
  dispatch: DispatchPrompts;
  summaries: WeeklySummaries;
  nextSends: NextSends;
  permissions: Permissions;
  sender: SendOnce;
  background: BackgroundWork;
  rosters: TeamRosters;
  reach: PersonalReach;
  /** The one Entra tenant served. */
  tenantId: string;
  assessments: RecordAssessment;
  reports: FollowUpReports;
  /** The committee paper's parts only people write. */
  paper: CommitteePaper;
  notifier: TeamsNotifier;
  absences: Absences;
  administration: Administration;
  revisions: PlanRevisions;
  /** Closing, check-ins and archiving after the follow-up. */
  lifecycle: PlanLifecycle;
  /** "Påminn mig på torsdag". */
  reminderMoves: ReminderMoves;
  /** /registerutdrag. */
  registerExtracts: RegisterExtracts;
  /** The retention rules (gallringsregler), from /admin. */
  retention: RetentionRules;
}

/** The person behind an activity, by the Entra object id Teams vouches for; undefined without one. */
export function actorOf(context: TurnContext): Person | undefined {
  const from = context.activity.from;
  if (!from?.aadObjectId) return undefined;
  return { userId: from.aadObjectId, name: from.name ?? TEXT.unnamed };
}

/** The Entra tenant a request comes from, as Teams states it. */
export function tenantOf(context: TurnContext): string | undefined {
  const { activity } = context;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
}

/**
 * The text after the command word: "/status rek2" → "rek2". The route matched the command (its name
 * or an alias, followed by no letter), so the command is the message's first word. Markup-free:
 * Teams' chat HTML (tags, comments, what a tag carries) never reaches a command, a store or a reply.
 */
export function argumentOf(context: TurnContext): string {
  return textOfHtml(context.activity.text ?? '')
    .replace(/^\s*\/?[\p{L}\p{N}]+/u, '')
    .trim();
}
