import { StridedSplits } from './strided-splits.js';
import type { Source } from './source.js';

/**
 * A bounded source over an in-memory array. Subtask i of p reads the elements at indexes
 * i, i + p, i + 2p, …; its positions are checkpointed as strided splits, so a restored job
 * resumes after the last element it emitted, also at another parallelism. The array is
 * part of the job module, so every worker has it.
 */
export function collectionSource<T>(values: readonly T[], name = 'collection'): Source<T> {
  return {
    boundedness: 'bounded',
    name,
    createReader(ctx) {
      let splits = StridedSplits.initial(ctx.subtaskIndex, ctx.parallelism);
      return {
        pollNext(output, max) {
          return splits.read(max, values.length, (i) => output.collect(values[i]!)) ? 'more' : 'end';
        },
        snapshotState: () => splits.snapshot(),
        restoreState(states) {
          splits = StridedSplits.restore(states, name);
        },
      };
    },
  };
}
