/** What the use cases send through the chat platform, and how they reach people there: the Teams adapter implements these. */
import type { Member } from '../../domain/deployment';
import type { Activity, Recommendation } from '../../domain/plan';
import type { ActivityProgress } from '../../domain/progress';
import type { UnreachableReason } from '../../domain/reach';
import type { WeeklySummary } from '../../domain/summary';
import type { RosterEntry, StoredConversation, TeamRecord } from './records';

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

/** Everything a status prompt shows an owner about one activity. */
export interface StatusPrompt {
  promptId: string;
  activity: Activity;
  recommendation: Recommendation;
  progress: ActivityProgress;
  ownerName: string;
  /** The owner the recipient answers for as their deputy, while the owner is away. */
  onBehalfOf?: Member;
  /** 0 for the prompt itself, n for the n-th reminder. */
  reminder: number;
  /** When the card was first made: an answer since then means this prompt is answered. */
  sentAt: string;
  /** The working days left in the cycle its reminder may be moved to ("Påminn mig på torsdag"). */
  later?: LaterChoices;
}

/** Sends prompts to people; the Teams adapter renders them as cards. */
/** An owner away with no deputy to get their prompts: what the administrators are told. */
export interface UncoveredNotice {
  owner: Member;
  from: string;
  to: string;
  activityIds: string[];
  /** 0 for the prompt itself, n for the n-th reminder. */
  reminder: number;
}

export interface PromptNotifier {
  sendPrompts(
    conversation: StoredConversation,
    prompts: StatusPrompt[],
    options?: SendOptions,
  ): Promise<DeliveryOutcome>;
  sendUncovered(
    conversation: StoredConversation,
    notice: UncoveredNotice,
    options?: SendOptions,
  ): Promise<DeliveryOutcome>;
}

/** A day a reminder may be moved to. */
export interface LaterDay {
  /** Local date, YYYY-MM-DD. */
  day: string;
  /** "torsdag 3 december". */
  title: string;
}

export interface LaterChoices {
  cycleId: string;
  days: LaterDay[];
  /** The day offered first: the cycle's next Thursday, or else its first day left. */
  suggested: string;
}

/** Sends the weekly summary to a channel; the Teams adapter renders it as a card. */
export interface SummaryNotifier {
  /**
   * `skip`: messages an earlier attempt delivered (a summary too big for one card goes as several);
   * a retry sends only the rest, so no card is posted twice.
   */
  sendSummary(
    conversation: StoredConversation,
    summary: WeeklySummary,
    options?: SendOptions,
    skip?: number,
  ): Promise<DeliveryOutcome>;
}

export type OpenResult = { conversation: StoredConversation } | { unreachable: UnreachableReason; status?: number };

/**
 * What the greeting tells a person, truthfully: their name (when known), the activities they own,
 * those they stand in for as deputy (whose, and when the cards come to them), and when the next
 * prompt comes.
 */
export interface Welcome {
  /** From the deployment, else as Teams names them; undefined: a plain "Hej!". */
  name?: string;
  /** Activities the person owns. */
  activityIds: string[];
  /** Owners the person is deputy for, with the activities and the owner's absences to come. */
  deputyFor: Array<{ owner: string; activityIds: string[]; absences: Array<{ from: string; to: string }> }>;
  nextPrompt?: Date;
  /** Which plan the greeting is about, as a sentence names it. */
  planName: string;
}

/** Opens 1:1 chats the person never started, and greets; the Teams adapter implements it. */
export interface ChatOpener {
  /** Starts the 1:1 chat with a member of a team the bot is in; Teams returns the existing chat if there is one. */
  fromRoster(team: TeamRecord, entry: RosterEntry): Promise<OpenResult>;
  /** True when proactive installation (Microsoft Graph) is configured. */
  readonly canInstall: boolean;
  /** Installs the app for the person and returns their 1:1 chat. */
  byInstalling(person: Member): Promise<OpenResult>;
  greet(conversation: StoredConversation, welcome: Welcome): Promise<DeliveryOutcome>;
}

/** One member of a team as the chat client lists them. */
export interface TeamMember {
  /** The client's own id for the member ("29:…" in Teams). */
  memberId: string;
  /** Entra object id, when the client gives one (guests and bots may lack it). */
  userId?: string;
  name?: string;
}

/** Reads a team's members, every page; the Teams adapter implements it. */
export interface RosterReader {
  members(team: TeamRecord): Promise<TeamMember[]>;
}
