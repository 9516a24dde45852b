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
