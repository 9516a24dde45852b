/**
 * Work a turn starts and does not wait for (the /utskick fan-out after its confirmation): kept
 * track of, so shutting down waits for it and nothing is cut off half-way or left running.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  run(work: () => Promise<void>): void {
    const task = work()
      .catch(this.onError)
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when everything started so far has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/**
 * Waits for `work` at most `graceMs`; true when the grace period ran out first. A hung send must not
 * hold up shutdown: its claim is left open, to be resumed by the next lease holder.
 */
export async function graceRanOut(work: Promise<unknown>, graceMs: number): Promise<boolean> {
  if (!Number.isFinite(graceMs)) return work.then(() => false);
  let timer: NodeJS.Timeout | undefined;
  const over = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
    timer.unref();
  });
  try {
    return await Promise.race([work.then(() => false), over]);
  } finally {
    clearTimeout(timer);
  }
}
