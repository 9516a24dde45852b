/** The stores the use cases read and write: every backend (SQLite, Cosmos DB) implements them. */
import type { StoredConversation } from './records';
import type { ActivityState, StatusAnswer } from '../../domain/answer';
import type { Assessment } from '../../domain/assessment';
import type { Deployment } from '../../domain/deployment';
import type { PaperEdition } from '../../domain/paper';
import type { PlanRevision } from '../../domain/revisions';
import type {
  AuditEntry,
  ChannelLink,
  Fence,
  FixedVersion,
  JobCursor,
  Lease,
  ReminderMove,
  RosterEntry,
  SendProgress,
  SendRecord,
  SummarySnapshot,
  TeamRecord,
} from './records';
import type { SendOutcome } from './records';
import type { RecordKeeping, VersionContent } from './retention';

/** A stored value with the version tag its store uses to detect concurrent writes. */
export interface Versioned<T> {
  value: T;
  etag: string;
}

export type SaveResult = 'saved' | 'conflict';

/** What a prompt card has sent so far: its latest answer, and the number of answers. */
export interface PromptAnswers {
  last: StatusAnswer;
  count: number;
}

/** One of an activity's latest answers, as its current status keeps them: found again by id. */
export interface RecentAnswer {
  id: string;
  answeredAt: string;
}

/** The current status as stored, with its etag and the ids of its latest answers (newest first). */
export type StoredState = Versioned<ActivityState> & {
  /** Absent on a status written by a version before the latest answers were kept on it. */
  recent?: RecentAnswer[];
};

/** Every answer ever given: append-only, found by id, by the card it came from, or in order. */
export interface AnswerLog {
  /** Appends an answer; an answer with the same id already stored is a retry and stores nothing. */
  appendAnswer(answer: StatusAnswer): Promise<'stored' | 'duplicate'>;
  /** One answer by its id: a point read, as cheap with 5 answers as with 100,000. */
  answer(planId: string, activityId: string, answerId: string): Promise<StatusAnswer | undefined>;
  /**
   * The latest answer sent from one prompt card and how many it sent: how a retry is told from a
   * new answer. Point reads, as cheap after 4,500 answers from the card as after one.
   */
  lastFromPrompt(planId: string, activityId: string, promptId: string): Promise<PromptAnswers | undefined>;
  /** Newest first. */
  answerHistory(planId: string, activityId: string, limit?: number): Promise<StatusAnswer[]>;
  /** Every answer in the plan, oldest first: the follow-up record. */
  allAnswers(planId: string): Promise<StatusAnswer[]>;
}

/** The current status per activity: the latest answer, moved under an etag. */
export interface CurrentStates {
  activityState(planId: string, activityId: string): Promise<StoredState | undefined>;
  activityStates(planId: string): Promise<ActivityState[]>;
  /**
   * Writes the current status if nobody changed it since `expectedEtag` was read; with no etag,
   * only if there is none yet. Otherwise 'conflict' and nothing is written. `recent` (newest first,
   * at most RECENT_ANSWERS) is kept beside it.
   */
  saveActivityState(
    state: ActivityState,
    expectedEtag: string | undefined,
    recent?: RecentAnswer[],
  ): Promise<SaveResult>;
}

/** The two together, as code written before the split knew them. */
export type AnswerStore = AnswerLog & CurrentStates;

export interface ConversationStore {
  /** Creates or replaces; unchanged when the same reference is stored again (installs repeat). */
  saveConversation(conversation: StoredConversation): Promise<'created' | 'updated' | 'unchanged'>;
  conversation(key: string): Promise<StoredConversation | undefined>;
  markGone(key: string, at: string): Promise<void>;
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
  /** Stores what a version was made from, before the version itself: it outlives its sources. */
  saveVersionContent(content: VersionContent): Promise<void>;
  /** What a version was made from, if it was fixed with its content (versions fixed before were not). */
  versionContent(planId: string, version: number, fixedAt: string): Promise<VersionContent | undefined>;
  /** Stores an edition of the committee paper's parts only if its number is free: 'conflict' when someone saved first. */
  savePaperEdition(edition: PaperEdition): Promise<'stored' | 'conflict'>;
  /** Every edition of the paper's parts, lowest number first. */
  paperEditions(planId: string): Promise<PaperEdition[]>;
}

/**
 * The deployment of each plan (owners and deputies, administrators, the ledningsgrupp, the
 * schedule, absences): seeded from the deployment file, then the truth. Every change is
 * etag-guarded and recorded in an append-only audit log.
 */
export interface DeploymentStore {
  /** With the audit entry of the change that made it, kept in the same document (see saveDeployment). */
  deployment(planId: string): Promise<(Versioned<Deployment> & { change?: AuditEntry }) | undefined>;
  /**
   * With no etag, only if there is none yet (the seed); otherwise only if unchanged since read.
   * `change`, the change's audit entry, is written in the same document as the deployment (an
   * outbox): a process killed before the entry reaches the audit log leaves it to the next reader.
   */
  saveDeployment(
    planId: string,
    deployment: Deployment,
    expectedEtag: string | undefined,
    change?: AuditEntry,
  ): Promise<SaveResult>;
  appendAudit(entry: AuditEntry): Promise<'stored' | 'duplicate'>;
  /** Oldest first. */
  auditLog(planId: string): Promise<AuditEntry[]>;
  /** Append-only: a revision with the same id stores nothing new. */
  appendRevision(revision: PlanRevision): Promise<'stored' | 'duplicate'>;
  /** Oldest first. */
  revisions(planId: string): Promise<PlanRevision[]>;
}

export interface ScheduleStore {
  /** True when `holder` holds the lease now: it was free, expired, or already its own (renewed). */
  tryAcquireLease(planId: string, name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(planId: string, name: string, holder: string): Promise<void>;
  /** The lease as stored, or undefined when nobody ever held it. */
  lease(planId: string, name: string): Promise<Lease | undefined>;
  /**
   * Takes the lease over with the next epoch, if it is still as `seen` (its etag; undefined: it
   * does not exist yet). Undefined when someone else changed it first.
   */
  takeLease(planId: string, name: string, holder: string, seen: Lease | undefined): Promise<Lease | undefined>;
  /** Beats the heartbeat of a lease this holder holds at this epoch; 'fenced' when a newer epoch (or holder) exists. */
  renewLease(planId: string, name: string, holder: string, epoch: number): Promise<Lease | 'fenced'>;
  /** The store's own clock now (SQLite: the file's host; Cosmos DB: the service's `_ts`), to measure an instance's offset. */
  storeTime(planId: string): Promise<Date>;
  jobCursor(planId: string, job: JobCursor['job']): Promise<Versioned<JobCursor> | undefined>;
  saveJobCursor(cursor: JobCursor, expectedEtag: string | undefined): Promise<SaveResult>;
  /**
   * Records the intent to send. 'claimed': go ahead. 'done': already sent (or found unreachable).
   * 'busy': another holder claimed it less than `staleAfterMs` ago and has not finished.
   */
  claimSend(record: SendRecord, now: Date, staleAfterMs: number, fence?: Fence): Promise<'claimed' | 'done' | 'busy'>;
  /**
   * Records how a claimed send ended; `progress` adds to what earlier attempts delivered and risked.
   * With a fence, both throw a LEASE_FENCED AppError and write nothing once a newer epoch of that lease exists.
   */
  finishSend(
    planId: string,
    key: string,
    outcome: SendOutcome,
    at: Date,
    status?: number,
    progress?: SendProgress,
    fence?: Fence,
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

/** Teams the bot is in, and where in them each person of the deployment was found. */
export interface RosterStore {
  saveTeam(team: TeamRecord): Promise<void>;
  team(planId: string, teamId: string): Promise<TeamRecord | undefined>;
  teams(planId: string): Promise<TeamRecord[]>;
  saveEntry(entry: RosterEntry): Promise<void>;
  /** Every team the person was found in (present or not), one entry per team. */
  entriesOf(planId: string, userId: string): Promise<RosterEntry[]>;
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
  /** Listing and removal by kind, for gallring and register extracts. */
  readonly records: RecordKeeping;
  /** A cheap round trip to the backend: throws when it cannot be reached within `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}
