import type { Scheduler, TickReport } from './scheduler';

/**
 * Every plan's scheduler, woken together; each decides from the store what is due for its plan.
 * They run side by side, so that every plan's fan-out shares the app's one pacer at its full rate
 * (one after another, each plan's ramp and tail added up to 1.26× the app-wide bound at 30 plans).
 */
export class PlanSchedulers {
  constructor(readonly each: Scheduler[]) {}

  async tick(): Promise<TickReport> {
    const settled = await Promise.allSettled(this.each.map((scheduler) => scheduler.tick()));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const reports = settled.map((s) => (s as PromiseFulfilledResult<TickReport>).value);
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
