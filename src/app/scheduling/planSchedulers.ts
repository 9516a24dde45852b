import type { Scheduler, TickReport } from './scheduler';

/** Every plan's scheduler, woken together; each decides from the store what is due for its plan. */
export class PlanSchedulers {
  constructor(readonly each: Scheduler[]) {}

  async tick(): Promise<TickReport> {
    const reports: TickReport[] = [];
    for (const scheduler of this.each) reports.push(await scheduler.tick());
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
