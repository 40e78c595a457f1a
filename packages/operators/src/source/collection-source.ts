import type { Source } from './source.js';

/**
 * A bounded source over an in-memory array. Subtask i of p reads the elements at indexes
 * i, i + p, i + 2p, …; its position is checkpointed, so a restored job resumes after the
 * last element it emitted. The array is part of the job module, so every worker has it.
 */
export function collectionSource<T>(values: readonly T[], name = 'collection'): Source<T> {
  return {
    boundedness: 'bounded',
    name,
    createReader(ctx) {
      let next = ctx.subtaskIndex;
      const step = ctx.parallelism;
      return {
        pollNext(output, max) {
          for (let n = 0; n < max && next < values.length; n++, next += step) output.collect(values[next]!);
          return next < values.length ? 'more' : 'end';
        },
        snapshotState: () => next,
        restoreState(s) {
          if (typeof s === 'number') next = s;
        },
      };
    },
  };
}
