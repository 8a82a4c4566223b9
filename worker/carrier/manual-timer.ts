import type { Schedule } from './schedule';

interface Task {
  at: number;
  fn: () => void;
}

/** One macrotask turn lets the promise chains a task started run to their next wait. */
const timeoutTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A clock that only moves when a test says so: pass `schedule` to the simulator, then
 * `await advance(ms)` to run everything due by then, in order, without waiting.
 * `settle` turns the event loop between tasks (a faster turn suits long property runs).
 */
export function manualTimer(settle: () => Promise<void> = timeoutTurn) {
  let now = 0;
  let tasks: Task[] = [];

  const schedule: Schedule = (fn, ms) => {
    const task = { at: now + Math.max(0, ms), fn };
    tasks.push(task);
    return () => {
      tasks = tasks.filter((t) => t !== task);
    };
  };

  async function advance(ms: number): Promise<void> {
    const until = now + ms;
    await settle();
    for (;;) {
      const due = tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      tasks = tasks.filter((t) => t !== due);
      now = due.at;
      due.fn();
      await settle();
    }
    now = until;
  }

  return { schedule, advance, now: () => now, pending: () => tasks.length };
}
