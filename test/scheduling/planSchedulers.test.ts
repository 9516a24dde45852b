import { PlanSchedulers } from '../../src/app/scheduling/planSchedulers';
import type { Scheduler, TickReport } from '../../src/app/scheduling/scheduler';

/** A plan's scheduler as PlanSchedulers sees it: a tick that takes its time and says what it sent. */
function planTick(name: string, ms: number, log: string[], fails = false): Scheduler {
  return {
    tick: async (): Promise<TickReport> => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
      if (fails) throw new Error(`${name} failed`);
      return { leader: true, prompts: `${name} sent` };
    },
    stop: async () => undefined,
  } as unknown as Scheduler;
}

describe('every plan’s scheduler woken together', () => {
  it('the plans run side by side, so one plan’s fan-out does not wait for another’s', async () => {
    const log: string[] = [];
    const report = await new PlanSchedulers([planTick('a', 40, log), planTick('b', 10, log)]).tick();
    expect(log).toEqual(['a start', 'b start', 'b end', 'a end']);
    expect(report.prompts).toBe('a sent; b sent');
  });

  it('a plan that fails lets the others finish, and the failure is told', async () => {
    const log: string[] = [];
    const schedulers = new PlanSchedulers([planTick('a', 5, log, true), planTick('b', 30, log)]);
    await expect(schedulers.tick()).rejects.toThrow('a failed');
    expect(log).toContain('b end');
  });
});
