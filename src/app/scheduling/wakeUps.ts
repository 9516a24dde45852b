import { Cron } from 'croner';
import { TIME_ZONE } from '../../domain/dates';
import type { Logger } from '../ports';

export interface WakeUpJobs {
  /** Every minute: what is due, and whether this instance may send it, is decided from the store. */
  tick(): Promise<unknown>;
  /** Re-reads every team's roster (idempotent, so two processes doing it is harmless). */
  readRosters(): Promise<unknown>;
}

/**
 * croner wakes the schedulers every minute (and once at start), and reads the team rosters on
 * `rosterCron`: Teams add and remove members without always telling the bot (a missed event, a
 * change while it was down). A missed or doubled wake-up changes nothing, since the store decides.
 */
export class WakeUps {
  private readonly crons: Cron[];

  constructor(jobs: WakeUpJobs, rosterCron: string, logger: Logger) {
    const tick = (): void => {
      jobs.tick().catch((error: unknown) => logger.error({ err: error }, 'Schemaläggarens varv misslyckades'));
    };
    this.crons = [
      new Cron('* * * * *', { timezone: TIME_ZONE, protect: true }, tick),
      new Cron(rosterCron, { timezone: TIME_ZONE, protect: true }, () => {
        jobs.readRosters().catch((error: unknown) => logger.error({ err: error }, 'roster pass failed'));
      }),
    ];
    tick();
  }

  stop(): void {
    for (const cron of this.crons) cron.stop();
  }
}
