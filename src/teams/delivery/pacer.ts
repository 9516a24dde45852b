import { setTimeout as sleep } from 'node:timers/promises';

/** At most `limit` requests within any `perMs` milliseconds. */
export interface RateWindow {
  limit: number;
  perMs: number;
}

/**
 * Teams' documented limits for a bot ("Optimize your bot with rate limiting in Teams"): per bot per
 * thread (a 1:1 chat, group chat or channel) 7 in 1 s, 8 in 2 s, 60 in 30 s and 1,800 in an hour;
 * per app per tenant 50 requests a second.
 */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { limit: 7, perMs: 1_000 },
  { limit: 8, perMs: 2_000 },
  { limit: 60, perMs: 30_000 },
  { limit: 1_800, perMs: 3_600_000 },
];
export const TEAMS_PER_APP: readonly RateWindow[] = [{ limit: 50, perMs: 1_000 }];

/** A request counted in a window: from when it went out until it was answered, then at its answer. */
interface Entry {
  at: number;
  open: boolean;
}

/**
 * The requests of one scope (a conversation, or the whole app), kept as long as the longest window
 * needs them. A request may go at `t` when, in every window, fewer than `limit` requests lie in
 * (t − perMs, t]. A request counts at the time it was answered (or, while in flight, as if
 * answered now): the service saw it arrive no later than that, so however long the way there
 * took, the service never sees more than a window allows.
 */
class SlidingLog {
  private entries: Entry[] = [];
  private readonly longest: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longest = Math.max(0, ...windows.map((w) => w.perMs));
  }

  /** The earliest time, not before `now`, a request may go. */
  earliest(now: number): number {
    this.entries = this.entries.filter((e) => e.open || e.at > now - this.longest);
    const times = this.entries.map((e) => (e.open ? now : e.at)).sort((a, b) => b - a);
    let at = now;
    for (const w of this.windows) {
      const kth = times[w.limit - 1];
      if (kth !== undefined) at = Math.max(at, kth + w.perMs);
    }
    return at;
  }

  /** Counts a request going out now; the returned function marks it answered. */
  open(now: number, clock: () => number): () => void {
    const entry: Entry = { at: now, open: true };
    this.entries.push(entry);
    return () => {
      if (!entry.open) return;
      entry.open = false;
      entry.at = Math.max(entry.at, clock());
    };
  }
}

/**
 * Paces requests to Teams' sliding windows exactly, per conversation and for the app: a request
 * waits only as long as the window it would break says, so a fan-out runs at the bound, not at a
 * safety share of it, and the service never has reason to answer 429.
 */
export class SlidingWindowPacer {
  private readonly app: SlidingLog;
  private readonly conversations = new Map<string, SlidingLog>();

  constructor(
    private readonly perConversation: readonly RateWindow[] = TEAMS_PER_CONVERSATION,
    perApp: readonly RateWindow[] = TEAMS_PER_APP,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.app = new SlidingLog(perApp);
  }

  /**
   * Resolves when a request to `conversationKey` may go and counts it as gone; call the returned
   * function when the request was answered (or failed).
   */
  async slot(conversationKey: string, signal?: AbortSignal): Promise<() => void> {
    let log = this.conversations.get(conversationKey);
    if (!log) {
      log = new SlidingLog(this.perConversation);
      this.conversations.set(conversationKey, log);
    }
    for (;;) {
      const now = this.now();
      const at = Math.max(this.app.earliest(now), log.earliest(now));
      // Checked and counted in one synchronous step: no other request can take the same slot.
      if (at <= now) {
        const app = this.app.open(now, this.now);
        const conversation = log.open(now, this.now);
        return () => {
          app();
          conversation();
        };
      }
      await sleep(Math.max(1, Math.ceil(at - now)), undefined, { signal });
    }
  }
}
