import type { ActivityState, Person, StatusAnswer } from '../domain/answer';
import type { Assessment } from '../domain/assessment';
import type { Deployment } from '../domain/deployment';
import type { PlanRevision } from '../domain/revisions';

/** A stored value with the version tag its store uses to detect concurrent writes. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export type SaveResult = 'saved' | 'conflict';

/** Every answer ever given: append-only, found by id, by the card it came from, or in order. */
export interface AnswerLog {
  /** Appends an answer; an answer with the same id already stored is a retry and stores nothing. */
  appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'>;
  /** One answer by its id: a point read, as cheap with 5 answers as with 100,000. */
  answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined>;
  /** The answers sent from one prompt card, oldest first: how a retry is told from a new answer. */
  answersFromPrompt(planId: string, activityId: string, promptId: string): Promise<StatusAnswer[]>;
  /** Newest first. */
  answerHistory(planId: string, activityId: string, limit?: number): Promise<StatusAnswer[]>;
  /** Every answer in the plan, oldest first: the follow-up record. */
  allAnswers(planId: string): Promise<StatusAnswer[]>;
}

/** The current status per activity: the latest answer, moved under an etag. */
export interface CurrentStates {
  activityState(planId: string, activityId: string): Promise<Versioned<ActivityState> | undefined>;
  activityStates(planId: string): Promise<ActivityState[]>;
  /**
   * Writes the current status if nobody changed it since `expectedEtag` was read; with no etag,
   * only if there is none yet. Otherwise 'conflict' and nothing is written.
   */
  saveActivityState(state: ActivityState, expectedEtag: string | undefined): Promise<SaveResult>;
}

/** The two together, as code written before the split knew them. */
export type AnswerStore = AnswerLog & CurrentStates;

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

/** Where the bot can write to later: a 1:1 chat with a user, a group chat or a team channel. */
export interface StoredConversation {
  /** `personal:<userId>`, `channel:<conversationId>` or `groupChat:<conversationId>`. */
  key: string;
  kind: ConversationKind;
  userId?: string;
  teamId?: string;
  /** The chat client's own reference, kept as it came, opaque to the application. */
  reference: Record<string, unknown>;
  updatedAt: string;
  gone: boolean;
}

export interface ConversationStore {
  /** Creates or replaces; unchanged when the same reference is stored again (installs repeat). */
  saveConversation(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'>;
  conversation(key: string): Promise<StoredConversation | undefined>;
  markGone(key: string, at: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** A fixed version of the follow-up report: stored once, never replaced. */
export interface FixedVersion {
  planId: string;
  version: number;
  fixedBy: Person;
  fixedAt: string;
  /** SHA-256 (hex) of the .docx bytes of this version, as delivered. */
  documentSha256: string;
  /** SHA-256 (hex) of the plan file the version was made from. */
  planSha256: string;
  /** SHA-256 (hex) of the report's content, printed in the document itself. */
  contentSha256: string;
  /** SHA-256 (hex) of the PDF/A of this version; absent on versions fixed before there was one. */
  pdfSha256?: string;
}

/** The follow-up's own records: assessments per recommendation and fixed versions of the report. */
export interface FollowUpStore {
  /** Appends an assessment; one with the same id already stored is a retry and stores nothing. */
  appendAssessment(assessment: Assessment): Promise<'stored' | 'duplicate'>;
  /** Every assessment in the plan, oldest first. */
  assessments(planId: string): Promise<Assessment[]>;
  /** Stores a version only if that number is free: 'conflict' when someone fixed it first. */
  fixVersion(version: FixedVersion): Promise<'stored' | 'conflict'>;
  /** Every fixed version, lowest number first. */
  versions(planId: string): Promise<FixedVersion[]>;
}

/** One change to how a plan's follow-up is run, as the follow-up record lists it. */
export interface AuditEntry {
  planId: string;
  /** Unique per entry; a retried change with the same id stores nothing new. */
  id: string;
  at: string;
  by: Person;
  /** What changed, in Swedish, e.g. "Ägare för Enhetschef, barnenheten". */
  what: string;
  before: string;
  after: string;
}

/**
 * The deployment of each plan (owners and deputies, administrators, the ledningsgrupp, the
 * schedule, absences): seeded from the deployment file, then the truth. Every change is
 * etag-guarded and recorded in an append-only audit log.
 */
export interface DeploymentStore {
  deployment(planId: string): Promise<Versioned<Deployment> | undefined>;
  /** With no etag, only if there is none yet (the seed); otherwise only if unchanged since read. */
  saveDeployment(planId: string, deployment: Deployment, expectedEtag: string | undefined): Promise<SaveResult>;
  appendAudit(entry: AuditEntry): Promise<'stored' | 'duplicate'>;
  /** Oldest first. */
  auditLog(planId: string): Promise<AuditEntry[]>;
  /** Append-only: a revision with the same id stores nothing new. */
  appendRevision(revision: PlanRevision): Promise<'stored' | 'duplicate'>;
  /** Oldest first. */
  revisions(planId: string): Promise<PlanRevision[]>;
}

/** All the stores of one deployment, on one backend. */
export interface Store {
  readonly answers: AnswerLog;
  readonly states: CurrentStates;
  readonly followUp: FollowUpStore;
  readonly conversations: ConversationStore;
  readonly schedule: ScheduleStore;
  readonly roster: RosterStore;
  readonly deployments: DeploymentStore;
  /** A cheap round trip to the backend: throws when it cannot be reached within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Structured logging, as the application needs it (pino satisfies it). */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What sending to one conversation came to. */
export type DeliveryOutcome =
  | { outcome: 'sent' }
  /** Blocked, uninstalled or gone (403/404): recorded and shown, not retried. */
  | { outcome: 'unreachable'; status: number; delivered: number }
  | {
      outcome: 'failed';
      message: string;
      /** Messages of this send that Teams accepted before the failure: a later attempt skips them. */
      delivered: number;
      /** Attempts whose fate is unknown (timeout, connection lost after the request went out). */
      uncertain: number;
    };

/** How a send may be retried: how many attempts of unknown fate it may still risk. */
export interface SendOptions {
  /** 1 normally, 0 when an earlier attempt of the same send may already have reached the recipient. */
  uncertainRetries: number;
}

/** A scheduled job's progress: the last slot it handled, and the cycle it is working through. */
export interface JobCursor {
  planId: string;
  job: 'prompts' | 'summary';
  /** When the last handled slot was due (ISO instant); slots due after it are still to come. */
  lastDueAt: string;
  current?: {
    /** The slot's local date, e.g. "2026-11-30": the cycle id and part of every send key. */
    id: string;
    startedAt: string;
    complete: boolean;
    remindersDone: number;
  };
}

export type SendOutcome = 'sent' | 'unreachable' | 'failed';

/** One send, recorded under its idempotency key before it goes out and marked when it has. */
export interface SendRecord {
  planId: string;
  /** e.g. "prompt:2026-11-30:<userId>", "reminder:2026-11-30:1:<userId>", "summary:2026-11-30". */
  key: string;
  recipient: string;
  holder: string;
  claimedAt: string;
  outcome?: SendOutcome;
  status?: number;
  /** Why an unreachable recipient could not be reached (a domain UnreachableReason). */
  reason?: string;
  finishedAt?: string;
  /** Attempts so far (claims of this key). */
  attempts?: number;
  /** Messages of this send Teams accepted; a retry starts after them. */
  delivered?: number;
  /**
   * Attempts that may have reached the recipient without our knowing: timeouts, connections lost
   * after the request went out, and claims whose holder vanished mid-send.
   */
  uncertain?: number;
}

/** What an attempt came to besides its outcome. */
/** What an attempt at a claimed send came to, beyond its outcome. */
export interface SendProgress {
  delivered?: number;
  uncertain?: number;
  /** Why an unreachable recipient could not be reached (a domain UnreachableReason). */
  reason?: string;
}

/** The team channel the weekly summary goes to. */
export interface ChannelLink {
  planId: string;
  conversationKey: string;
  teamId?: string;
  linkedBy: string;
  linkedAt: string;
}

/** What the previous weekly summary showed, to tell what changed since. */
export interface SummarySnapshot {
  planId: string;
  at: string;
  statuses: Record<string, string>;
}

export interface ScheduleStore {
  /** True when `holder` holds the lease now: it was free, expired, or already its own (renewed). */
  tryAcquireLease(planId: string, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(planId: string, name: string, holder: string): Promise<void>;
  jobCursor(planId: string, job: JobCursor['job']): Promise<Versioned<JobCursor> | undefined>;
  saveJobCursor(cursor: JobCursor, expectedEtag: string | undefined): Promise<SaveResult>;
  /**
   * Records the intent to send. 'claimed': go ahead. 'done': already sent (or found unreachable).
   * 'busy': another holder claimed it less than `staleAfterMs` ago and has not finished.
   */
  claimSend(record: SendRecord, now: Date, staleAfterMs: number): Promise<'claimed' | 'done' | 'busy'>;
  /** Records how a claimed send ended; `progress` adds to what earlier attempts delivered and risked. */
  finishSend(
    planId: string,
    key: string,
    outcome: SendOutcome,
    at: Date,
    status?: number,
    progress?: SendProgress,
  ): Promise<void>;
  send(planId: string, key: string): Promise<SendRecord | undefined>;
  /** Every send whose key starts with `prefix`. */
  sends(planId: string, prefix: string): Promise<SendRecord[]>;
  channelLink(planId: string): Promise<ChannelLink | undefined>;
  linkChannel(link: ChannelLink): Promise<void>;
  /** Ends a plan's link (another plan was linked to its channel); channelLink then answers undefined. */
  unlinkChannel(planId: string, at: string, by: string): Promise<void>;
  summarySnapshot(planId: string): Promise<SummarySnapshot | undefined>;
  saveSummarySnapshot(snapshot: SummarySnapshot): Promise<void>;
  /** Records (or replaces) the day an activity's reminder is moved to, within one cycle. */
  saveReminderMove(move: ReminderMove): Promise<void>;
  /** The reminders moved within a cycle, one per activity. */
  reminderMoves(planId: string, cycleId: string): Promise<ReminderMove[]>;
}

/** "Påminn mig på torsdag": one activity's reminder of one cycle, moved to a working day the owner picked. */
export interface ReminderMove {
  planId: string;
  cycleId: string;
  activityId: string;
  /** The local date (Europe/Stockholm) the reminder goes on, at the cycle's time of day. */
  day: string;
  movedBy: { userId: string; name: string };
  movedAt: string;
}

/** A team the bot is installed in: where it reads the roster from. */
export interface TeamRecord {
  planId: string;
  teamId: string;
  name?: string;
  /** The team's conversation reference (service URL, tenant, the bot's account), opaque to the application. */
  reference: Record<string, unknown>;
  installedAt: string;
  /** When its roster was last read. */
  rosterReadAt?: string;
  /** The bot was removed from the team. */
  gone: boolean;
}

/** A person of the deployment as found in one team's roster: enough to start a 1:1 chat with them. */
export interface RosterEntry {
  planId: string;
  userId: string;
  teamId: string;
  /** Teams' id for the member in this tenant ("29:…"), what a new conversation is created with. */
  memberId: string;
  name: string;
  seenAt: string;
  /** False once a re-read no longer finds them in the team. */
  present: boolean;
}

/** Teams the bot is in, and where in them each person of the deployment was found. */
export interface RosterStore {
  saveTeam(team: TeamRecord): Promise<void>;
  team(planId: string, teamId: string): Promise<TeamRecord | undefined>;
  teams(planId: string): Promise<TeamRecord[]>;
  saveEntry(entry: RosterEntry): Promise<void>;
  /** Every team the person was found in (present or not), one entry per team. */
  entriesOf(planId: string, userId: string): Promise<RosterEntry[]>;
}
