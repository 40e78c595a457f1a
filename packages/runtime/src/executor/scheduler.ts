import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Clock } from '@weir/operators';
import type { Task } from '../task/task.js';

/**
 * Runs the tasks of one thread cooperatively: round after round it lets every task do one
 * step (synchronously), fires due processing-time timers, and sleeps when nothing moved
 * until an input arrives, a credit comes back, a source becomes available or a timer is
 * due. Resolves when every task finished; rejects with the first task failure.
 */
export class Scheduler {
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  private canceled = false;
  private rounds = 0;

  constructor(
    private readonly tasks: readonly Task[],
    private readonly clock: Clock,
    /** True when channels cross threads: their messages arrive only when the loop yields. */
    private readonly yieldEveryRound: boolean,
  ) {
    for (const t of tasks) t.onStateChange = () => this.wake();
  }

  /** Something may be runnable now. Cheap when the loop is not sleeping. */
  wake(): void {
    this.pendingWake = true;
    const w = this.wakeUp;
    if (w !== undefined) {
      this.wakeUp = undefined;
      w();
    }
  }

  /** Stops the loop; running tasks are cancelled. */
  async cancel(): Promise<void> {
    this.canceled = true;
    this.wake();
    await Promise.all(this.tasks.map((t) => t.cancel()));
  }

  async run(): Promise<void> {
    for (;;) {
      if (this.canceled) return;
      let finished = 0;
      for (const t of this.tasks) {
        if (t.state === 'failed') throw t.failure;
        if (t.state === 'finished') finished++;
      }
      if (finished === this.tasks.length) return;

      this.pendingWake = false;
      let progressed = false;
      for (const t of this.tasks) if (t.step()) progressed = true;
      const now = this.clock.now();
      for (const t of this.tasks) t.advanceProcessingTime(now);

      if (progressed) {
        if (this.yieldEveryRound || (++this.rounds & 31) === 0) await yieldToEventLoop();
        continue;
      }
      await this.sleep(now);
    }
  }

  /** Sleeps until woken, or until the next processing-time timer (polled at most every 100 ms). */
  private async sleep(now: number): Promise<void> {
    if (this.pendingWake) {
      await yieldToEventLoop();
      return;
    }
    let next: number | undefined;
    for (const t of this.tasks) {
      const n = t.nextProcessingTimer();
      if (n !== undefined && (next === undefined || n < next)) next = n;
    }
    const delay = Math.max(0, Math.min(100, next === undefined ? 100 : next - now));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, delay);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
