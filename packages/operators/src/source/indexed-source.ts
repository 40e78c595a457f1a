import { StridedSplits } from './strided-splits.js';
import type { Source } from './source.js';

/** Options of {@link indexedSource}. */
export interface IndexedSourceOptions {
  readonly name?: string;
  /**
   * Records per millisecond of processing time (from the task's injected clock) that each
   * subtask emits at most; 0 or absent for as fast as polled. Pacing lets a test or a
   * benchmark keep a job running long enough to checkpoint, kill and restore it.
   */
  readonly ratePerMs?: number;
}

/**
 * A bounded, replayable source of `count` records where record i is `record(i)`, a pure
 * function of its index (generated data, an array): subtask s of p emits the indexes
 * i ≡ s (mod p) in order, its position is checkpointed as strided splits, and a restored
 * job resumes exactly after what it emitted, at any parallelism.
 */
export function indexedSource<T>(count: number, record: (index: number) => T, options: IndexedSourceOptions = {}): Source<T> {
  const name = options.name ?? 'indexed';
  const rate = options.ratePerMs ?? 0;
  return {
    boundedness: 'bounded',
    name,
    createReader(ctx) {
      let splits = StridedSplits.initial(ctx.subtaskIndex, ctx.parallelism);
      let last = ctx.clock.now();
      let allowance = 0;
      return {
        pollNext(out, max) {
          let n = max;
          if (rate > 0) {
            const now = ctx.clock.now();
            // At most 50 ms worth of records at once, so a paused reader does not burst.
            allowance = Math.min(allowance + (now - last) * rate, rate * 50);
            last = now;
            n = Math.min(max, Math.floor(allowance));
            if (n === 0) return 'blocked';
            allowance -= n;
          }
          return splits.read(n, count, (i) => out.collect(record(i))) ? 'more' : 'end';
        },
        // Only a paced reader blocks: it waits for the clock to grant more records.
        available: () => new Promise<void>((resolve) => setTimeout(resolve, 1)),
        snapshotState: () => splits.snapshot(),
        restoreState(states) {
          splits = StridedSplits.restore(states, name);
        },
      };
    },
  };
}
