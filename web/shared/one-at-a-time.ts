/**
 * Runs a task one at a time: a call while it runs returns the running one and makes it
 * run once more after (without `force`). `settled` is called after each run.
 */
export class OneAtATime {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly task: (force: boolean) => Promise<void>,
    private readonly settled: () => void,
  ) {}

  run(force = false): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.task(force).finally(() => {
      this.running = undefined;
      this.settled();
      if (this.again) {
        this.again = false;
        void this.run();
      }
    });
    return this.running;
  }
}
