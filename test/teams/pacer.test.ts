import { SlidingWindowPacer, type RateWindow } from '../../src/teams/delivery/pacer';

/** The most grants within any window of `perMs` (a window is (t − perMs, t]). */
function peak(times: number[], perMs: number): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u > t - perMs && u <= t).length);
  return most;
}

describe('the sliding-window pacer', () => {
  it('never lets more through than any window allows, per conversation and for the app, and runs at the bound', async () => {
    const perConversation: RateWindow[] = [
      { limit: 3, perMs: 60 },
      { limit: 4, perMs: 150 },
    ];
    const perApp: RateWindow[] = [{ limit: 5, perMs: 50 }];
    const pacer = new SlidingWindowPacer(perConversation, perApp);
    const granted = new Map<string, number[]>();
    const all: number[] = [];
    const started = performance.now();
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (key) => {
        for (let i = 0; i < 8; i++) {
          const answered = await pacer.slot(key);
          const at = performance.now();
          answered();
          all.push(at);
          granted.set(key, [...(granted.get(key) ?? []), at]);
        }
      }),
    );
    const elapsed = performance.now() - started;

    for (const times of granted.values()) {
      for (const w of perConversation) expect(peak(times, w.perMs)).toBeLessThanOrEqual(w.limit);
    }
    expect(peak(all, 50)).toBeLessThanOrEqual(5);
    // 32 grants at 5 per 50 ms: the app's bound is 6 full windows (300 ms); per conversation 8 grants
    // at 4 per 150 ms take 150 ms. Timers make it a little slower, never faster.
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });
});
