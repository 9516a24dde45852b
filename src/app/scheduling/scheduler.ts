import { pausedOn, type Deployment, type Schedule } from '../../domain/deployment';
import { stockholmDate } from '../../domain/dates';
import type { DispatchPrompts } from '../dispatchPrompts';
import type { Fence, JobCursor, Lease, Logger, ScheduleStore, Versioned } from '../ports';
import { ERRORS } from '../errors';
import { NO_OBSERVER } from '../observer';
import type { WeeklySummaries } from '../weeklySummaries';
import type { WeeklySummary } from '../../domain/summary';
import { sendKeys, STALE_CLAIM_MS, type SendOnce } from '../sendOnce';
import type { WorkingCalendar } from './calendar';
import type { OperationsObserver, TickReport } from '../ports';
import type { FollowUpContext } from '../context';
import type { SummaryNotifier } from '../ports';

export interface SchedulerDeps {
  ctx: FollowUpContext;
  /** The deployment in the store: read again at the start of every pass (an administrator may change it). */
  live: { refresh(): Promise<Deployment> };
  store: ScheduleStore;
  sender: SendOnce;
  calendar: WorkingCalendar;
  dispatch: DispatchPrompts;
  summaries: WeeklySummaries;
  notifier: SummaryNotifier;
  logger: Logger;
  /** This process: the lease holder and the claimant of its sends. */
  instanceId: string;
  /** Told of every tick: what it did and how long it took. */
  observer?: OperationsObserver;
  /**
   * Leadership is refused while this instance's clock is further than this from the store's
   * (measured at every takeover and logged). Undefined: measured and logged only.
   */
  maxClockOffsetMs?: number;
  /** How long a heartbeat may stand still before another instance takes the lease (LEASE_TTL_MS). */
  leaseTtlMs?: number;
  /** A monotonic clock in milliseconds (performance.now): lease times are judged on it, never on wall clocks. */
  monotonic?: () => number;
  /** The daily gallring, run by the lease holder once per Stockholm day; its lines for the report. */
  gallring?: (now: Date, deployment: Deployment) => Promise<string[]>;
}

export type { TickReport };

const LEASE = 'scheduler';
export const LEASE_TTL_MS = 2 * 60_000;
const LEASE_RENEW_MS = 20_000;
/** The default bound on an instance's clock offset from the store before it refuses leadership. */
export const MAX_CLOCK_OFFSET_MS = 60_000;
/** Longer than a day, so the day's gallring lease outlives the day whatever the time it was taken. */
const GALLRING_LEASE_MS = 26 * 3_600_000;

/**
 * Runs what is due: a prompt cycle, its reminders, the weekly summary. Every step is recorded in
 * the store first, so a tick can stop anywhere and the next one (in this process or another)
 * carries on without sending anything twice. Only the holder of the lease ticks; a process that
 * was down catches up with the latest missed slot once, not once per missed slot.
 */
export class Scheduler {
  private stopping = false;
  private running: Promise<TickReport> | undefined;

  constructor(private readonly deps: SchedulerDeps) {}

  private get planId(): string {
    return this.deps.ctx.plan.id;
  }

  private now(): Date {
    return this.deps.ctx.clock.now();
  }

  /** One pass; overlapping calls share the pass already running. */
  tick(): Promise<TickReport> {
    if (this.stopping) return Promise.resolve({ leader: false });
    this.running ??= this.observedPass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async observedPass(): Promise<TickReport> {
    const observer = this.deps.observer ?? NO_OBSERVER;
    const started = performance.now();
    try {
      const report = await this.pass();
      observer.tickFinished({ report, durationMs: performance.now() - started });
      return report;
    } catch (error) {
      observer.tickFinished({
        report: { leader: false },
        durationMs: performance.now() - started,
        error: (error as Error).message,
      });
      throw error;
    }
  }

  /** Lets the running pass finish its current send, then stops: used on shutdown. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
    if (this.held) await this.deps.store.releaseLease(this.planId, LEASE, this.deps.instanceId).catch(() => undefined);
  }

  /** The lease this instance holds, and when (monotonic) it last beat it. */
  private held: Lease | undefined;
  private beatAt = 0;
  /** Set at the start of every pass: the next check beats the lease whatever its age. */
  private beatDue = true;
  /** When (monotonic) this process took the lease over. */
  private heldSince: number | undefined;
  /** Another holder's lease as last seen, and since when (monotonic) its heartbeat has stood still. */
  private watched: { lease: Lease; since: number } | undefined;

  private get ttlMs(): number {
    return this.deps.leaseTtlMs ?? LEASE_TTL_MS;
  }

  /** The heartbeat's period: a sixth of the lease, so a few missed beats do not lose it. */
  private get renewMs(): number {
    return Math.min(LEASE_RENEW_MS, this.ttlMs / 6);
  }

  private mono(): number {
    return (this.deps.monotonic ?? (() => performance.now()))();
  }

  /** What this instance's claims and send records are conditional on: its lease's epoch. */
  private fence = (): Fence | undefined => (this.held ? { lease: LEASE, epoch: this.held.epoch } : undefined);

  /**
   * How old a claim must be to be taken over. Only the lease holder sends on schedule, and a claim
   * of an older epoch is taken over at once by the store; this covers claims without an epoch.
   */
  private staleAfterMs = (): number =>
    this.heldSince === undefined ? STALE_CLAIM_MS : Math.min(STALE_CLAIM_MS, this.mono() - this.heldSince);

  /**
   * Whether this instance may go on sending: not shutting down, and holding the lease at its epoch.
   * The holder beats the lease's heartbeat at most every LEASE_RENEW_MS; a beat that finds a newer
   * epoch fences this instance at once. Another instance takes the lease over only after seeing its
   * heartbeat stand still for LEASE_TTL_MS on its own monotonic clock: wall clocks never decide.
   */
  private holdsLease = async (): Promise<boolean> => {
    if (this.stopping) return false;
    const now = this.mono();
    if (this.held) {
      if (!this.beatDue && now - this.beatAt < this.renewMs) return true;
      this.beatDue = false;
      const paused = now - this.beatAt > this.ttlMs;
      const beaten = await this.deps.store.renewLease(this.planId, LEASE, this.deps.instanceId, this.held.epoch);
      if (beaten === 'fenced') {
        this.deps.logger.warn({ epoch: this.held.epoch, paused }, ERRORS.LEASE_FENCED);
        this.held = undefined;
        this.heldSince = undefined;
        return false;
      }
      // Still ours after a pause: nobody took over. Every claim is re-read from the store anyway.
      if (paused) this.deps.logger.warn({ pausedMs: Math.round(now - this.beatAt) }, 'Schemaläggaren stod still');
      this.held = beaten;
      this.beatAt = now;
      return true;
    }
    return this.tryTakeLease(now);
  };

  private async tryTakeLease(now: number): Promise<boolean> {
    const current = await this.deps.store.lease(this.planId, LEASE);
    // Free, released, or held by an earlier process of this instance (restarted): taken at once.
    const free = !current || current.holder === '' || current.holder === this.deps.instanceId;
    if (!free) {
      const seen = this.watched?.lease;
      if (!seen || seen.epoch !== current.epoch || seen.beat !== current.beat || seen.holder !== current.holder) {
        this.watched = { lease: current, since: now };
        return false;
      }
      if (now - this.watched!.since < this.ttlMs) return false;
    }
    if (!(await this.clockAgrees())) return false;
    const taken = await this.deps.store.takeLease(this.planId, LEASE, this.deps.instanceId, current);
    if (!taken) return false;
    this.deps.logger.info({ epoch: taken.epoch, from: current?.holder || undefined }, 'Schemaläggarens lås taget');
    this.held = taken;
    this.beatAt = now;
    this.heldSince = now;
    this.watched = undefined;
    return true;
  }

  /** Measures this instance's clock against the store's; false (and logged) beyond the bound. */
  private async clockAgrees(): Promise<boolean> {
    const before = this.mono();
    const storeTime = await this.deps.store.storeTime(this.planId);
    const roundTrip = this.mono() - before;
    const offsetMs = Math.round(this.now().getTime() - storeTime.getTime() - roundTrip / 2);
    const bound = this.deps.maxClockOffsetMs;
    const agrees = bound === undefined || Math.abs(offsetMs) <= bound;
    if (agrees) this.deps.logger.info({ offsetMs, boundMs: bound }, 'Klockans avvikelse från lagringen');
    else
      this.deps.logger.warn(
        { offsetMs, boundMs: bound },
        'Klockan avviker för mycket från lagringen; tar inte över schemaläggningen',
      );
    return agrees;
  }

  private get schedule(): Schedule {
    return this.deps.ctx.deployment.schedule;
  }

  private async pass(): Promise<TickReport> {
    this.beatDue = true; // every pass starts by asking the store
    if (!(await this.holdsLease())) return { leader: false };
    await this.deps.live.refresh();
    const report: TickReport = { leader: true };
    // An archived plan is read-only: nothing is sent for it any more.
    if (this.deps.ctx.plan.archived) return report;
    report.prompts = await this.runPrompts();
    if (this.stopping) return report;
    report.reminder = await this.runReminders();
    if (this.stopping) return report;
    const moved = await this.runMovedReminders();
    if (moved.length > 0) report.movedReminders = moved;
    if (this.stopping) return report;
    report.summary = await this.runSummary();
    if (this.stopping) return report;
    const gallring = await this.runGallring();
    if (gallring) report.gallring = gallring;
    return report;
  }

  private gallringDay: string | undefined;

  /**
   * Gallring once a day: this process remembers the day it ran, and a lease named by the day keeps
   * any other process from running it again that day (held past the day's end, then left to expire).
   */
  private async runGallring(): Promise<string[] | undefined> {
    if (!this.deps.gallring) return undefined;
    const now = this.now();
    const day = stockholmDate(now);
    if (this.gallringDay === day) return undefined;
    const lease = `gallring:${day}`;
    if (!(await this.deps.store.tryAcquireLease(this.planId, lease, this.deps.instanceId, now, GALLRING_LEASE_MS))) {
      this.gallringDay = day;
      return undefined;
    }
    this.gallringDay = day;
    return this.deps.gallring(now, this.deps.ctx.deployment);
  }

  /** The job's cursor; created at the current time on first start, so nothing from before is sent. */
  private async cursor(job: JobCursor['job']): Promise<Versioned<JobCursor> | undefined> {
    const found = await this.deps.store.jobCursor(this.planId, job);
    if (found) return found;
    await this.deps.store.saveJobCursor({ planId: this.planId, job, lastDueAt: this.now().toISOString() }, undefined);
    return undefined;
  }

  /** Moves the cursor to the latest due slot, if any; the etag makes one instance the one that starts it. */
  private async startDueSlot(
    job: JobCursor['job'],
    cursor: Versioned<JobCursor>,
    pattern: string,
    everyWeeks?: number,
    anchor?: string,
  ) {
    const due = this.deps.calendar.slots(pattern, new Date(cursor.value.lastDueAt), this.now(), everyWeeks, anchor);
    const latest = due.at(-1);
    if (!latest) return undefined;
    const next: JobCursor = {
      ...cursor.value,
      lastDueAt: latest.dueAt.toISOString(),
      current: { id: latest.id, startedAt: latest.dueAt.toISOString(), complete: false, remindersDone: 0 },
    };
    if ((await this.deps.store.saveJobCursor(next, cursor.etag)) !== 'saved') return undefined;
    this.deps.logger.info(
      { job, slot: latest.id, skipped: due.length - 1, movedFrom: latest.movedFrom },
      'Schemalagd omgång startad',
    );
    return this.deps.store.jobCursor(this.planId, job);
  }

  private async markComplete(
    job: JobCursor['job'],
    cursor: Versioned<JobCursor>,
    change: Partial<NonNullable<JobCursor['current']>>,
  ) {
    const current = cursor.value.current!;
    await this.deps.store.saveJobCursor({ ...cursor.value, current: { ...current, ...change } }, cursor.etag);
  }

  private async runPrompts(): Promise<string | undefined> {
    let cursor = await this.cursor('prompts');
    if (!cursor) return undefined;
    if (!cursor.value.current || cursor.value.current.complete) {
      const { cron, everyWeeks, anchor } = this.schedule.prompts;
      cursor = await this.startDueSlot('prompts', cursor, cron, everyWeeks, anchor);
      if (!cursor) return undefined;
    }
    const cycle = cursor.value.current!;
    if (pausedOn(this.schedule, cycle.id)) {
      // A pause (summer, Christmas): the cycle is passed over, its reminders too.
      await this.markComplete('prompts', cursor, { complete: true, remindersDone: this.schedule.reminders.max });
      return `${cycle.id} (uppehåll)`;
    }
    const { complete } = await this.deps.dispatch.toAllOwners({
      batch: { kind: 'prompt', cycleId: cycle.id },
      cycleStartedAt: cycle.startedAt,
      holder: this.deps.instanceId,
      mayContinue: this.holdsLease,
      staleAfterMs: this.staleAfterMs,
      fence: this.fence,
    });
    if (complete) await this.markComplete('prompts', cursor, { complete: true });
    return `${cycle.id}${complete ? '' : ' (ofullständig)'}`;
  }

  /** The n-th reminder is due n × afterWorkingDays working days after the cycle started, at the same time of day. */
  private async runReminders(): Promise<string | undefined> {
    const cursor = await this.deps.store.jobCursor(this.planId, 'prompts');
    const cycle = cursor?.value.current;
    const { afterWorkingDays, max } = this.schedule.reminders;
    if (!cursor || !cycle?.complete || cycle.remindersDone >= max) return undefined;
    const started = new Date(cycle.startedAt);
    const startDay = this.deps.calendar.localDate(started);
    let due = 0;
    let dueDay = '';
    for (let n = cycle.remindersDone + 1; n <= max; n++) {
      const day = this.deps.calendar.addWorkingDays(startDay, n * afterWorkingDays);
      const at = this.deps.calendar.atSameTime(day, started);
      if (at <= this.now()) [due, dueDay] = [n, day];
    }
    if (due === 0) return undefined;
    if (pausedOn(this.schedule, dueDay)) {
      await this.markComplete('prompts', cursor, { remindersDone: due });
      return `${cycle.id}:${due} (uppehåll)`;
    }
    const moves = await this.deps.store.reminderMoves(this.planId, cycle.id);
    const { complete } = await this.deps.dispatch.toAllOwners({
      batch: { kind: 'reminder', cycleId: cycle.id, n: due },
      cycleStartedAt: cycle.startedAt,
      holder: this.deps.instanceId,
      reminder: due,
      unansweredSince: cycle.startedAt,
      exceptActivityIds: moves.map((m) => m.activityId),
      mayContinue: this.holdsLease,
      staleAfterMs: this.staleAfterMs,
      fence: this.fence,
    });
    if (complete) await this.markComplete('prompts', cursor, { remindersDone: due });
    return `${cycle.id}:${due}`;
  }

  /**
   * Reminders an owner moved ("Påminn mig på torsdag"): each goes on its chosen day, at the cycle's
   * time of day, once, under its own key, and not at all if the activity was answered meanwhile.
   * The regular reminders leave these activities out.
   */
  private async runMovedReminders(): Promise<string[]> {
    const cursor = await this.deps.store.jobCursor(this.planId, 'prompts');
    const cycle = cursor?.value.current;
    if (!cycle?.complete) return [];
    const started = new Date(cycle.startedAt);
    const done: string[] = [];
    for (const move of await this.deps.store.reminderMoves(this.planId, cycle.id)) {
      if (this.stopping) break;
      if (this.deps.calendar.atSameTime(move.day, started) > this.now() || pausedOn(this.schedule, move.day)) continue;
      const batch = { kind: 'movedReminder', cycleId: cycle.id, activityId: move.activityId } as const;
      const { results } = await this.deps.dispatch.toAllOwners({
        batch,
        holder: this.deps.instanceId,
        reminder: Math.max(1, cycle.remindersDone),
        unansweredSince: cycle.startedAt,
        cycleStartedAt: cycle.startedAt,
        onlyActivityIds: [move.activityId],
        mayContinue: this.holdsLease,
        staleAfterMs: this.staleAfterMs,
      });
      if (results.some((r) => r.outcome !== 'alreadySent')) done.push(`${cycle.id}:${move.activityId}`);
    }
    return done;
  }

  private async runSummary(): Promise<string | undefined> {
    let cursor = await this.cursor('summary');
    if (!cursor) return undefined;
    if (!cursor.value.current || cursor.value.current.complete) {
      cursor = await this.startDueSlot('summary', cursor, this.schedule.summary.cron);
      if (!cursor) return undefined;
    }
    const slot = cursor.value.current!;
    const channel = await this.deps.summaries.linkedChannel();
    if (channel) {
      // A summary is complete only once it was sent or found unreachable: stopping or losing the
      // lease before that leaves the slot to whoever holds the lease next.
      if (!(await this.holdsLease())) return `${slot.id} (ej skickad)`;
      let summary: WeeklySummary | undefined;
      const result = await this.deps.sender.send(
        sendKeys.summary(slot.id),
        channel.key,
        {
          holder: this.deps.instanceId,
          staleAfterMs: this.staleAfterMs(),
          fence: this.fence(),
          mayContinue: this.holdsLease,
        },
        async (skip, options) => {
          summary = await this.deps.summaries.build();
          return this.deps.notifier.sendSummary(channel, summary, options, skip);
        },
      );
      if (result.outcome === 'busy') return `${slot.id} (upptagen)`;
      if (result.outcome === 'failed') return `${slot.id} (misslyckades)`;
      if (result.outcome === 'sent') await this.deps.summaries.remember(summary!);
    }
    await this.markComplete('summary', cursor, { complete: true });
    return channel ? slot.id : `${slot.id} (ingen kanal kopplad)`;
  }
}
