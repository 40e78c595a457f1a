import { indexedSource } from './indexed-source.js';
import type { Source } from './source.js';

/**
 * A bounded source over an in-memory array. Subtask i of p reads the elements at indexes
 * i, i + p, i + 2p, …; its positions are checkpointed as strided splits, so a restored job
 * resumes after the last element it emitted, also at another parallelism. The array is
 * part of the job module, so every worker has it.
 */
export function collectionSource<T>(values: readonly T[], name = 'collection'): Source<T> {
  return indexedSource(values.length, (i) => values[i]!, { name });
}
