/** The records the stores keep besides answers and states: what each one holds. */
import type { Person } from '../../domain/answer';

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

/** One change to how a plan's follow-up is run, as the follow-up record lists it. */
export interface AuditEntry {
  planId: string;
  /** Unique per entry; a retried change with the same id stores nothing new. */
  id: string;
  at: string;
  by: Person;
  /** What changed, in Swedish, e.g. "Ansvarig för Enhetschef, barnenheten". */
  what: string;
  before: string;
  after: string;
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
  /**
   * Attempts Teams answered with a refusal before accepting anything (429, 5xx): never ambiguous,
   * so they cost no copy and are never retried as if their fate were unknown.
   */
  refused?: number;
  /** Not to be tried again before this instant (a refusal's Retry-After, capped). */
  notBefore?: string;
  /** The lease epoch of the holder that last wrote the record: a writer of an older epoch is fenced. */
  epoch?: number;
  /** Names one claim attempt, so a retry of a claim whose answer was lost recognises its own write. */
  claimId?: string;
}

/** What an attempt came to besides its outcome. */
/** What an attempt at a claimed send came to, beyond its outcome. */
export interface SendProgress {
  delivered?: number;
  uncertain?: number;
  refused?: number;
  notBefore?: string;
  /** Why an unreachable recipient could not be reached (a domain UnreachableReason). */
  reason?: string;
}

/**
 * A lease as the store holds it. `epoch` only grows: every change of holder (or restart of the
 * same holder) raises it. `beat` is the holder's heartbeat: it goes up with every renewal, so
 * another instance judges the lease expired by seeing it stand still for the lease's time on its
 * own monotonic clock, never by comparing wall clocks.
 */
export interface Lease {
  holder: string;
  epoch: number;
  beat: number;
  etag: string;
}

/** Who writes a fenced record: the lease it holds and that lease's epoch. */
export interface Fence {
  lease: string;
  epoch: number;
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
