import { WeirError } from '../errors/weir-error.js';

/**
 * One share of an index sequence: the indexes `offset`, `offset + stride`, … of which the
 * next to read is `next`. A parallel reader of p subtasks starts with the split
 * `{ offset: i, stride: p, next: i }`; after a rescale it may hold several old splits.
 */
export interface StridedSplit {
  readonly offset: number;
  readonly stride: number;
  readonly next: number;
}

const isSplit = (s: unknown): s is StridedSplit => {
  const v = s as Partial<StridedSplit> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.offset) &&
    Number.isSafeInteger(v.stride) &&
    Number.isSafeInteger(v.next) &&
    v.stride! > 0 &&
    v.offset! >= 0 &&
    v.offset! < v.stride! &&
    v.next! >= v.offset! &&
    (v.next! - v.offset!) % v.stride! === 0
  );
};

/**
 * The positions of a reader over an indexed, replayable input (an array, a generator that
 * makes event n from n): a list of strided splits, snapshotted as plain data and
 * redistributed on restore, so a source built on it resumes exactly after the last index it
 * emitted at any parallelism.
 */
export class StridedSplits {
  private splits: { offset: number; stride: number; next: number }[];

  private constructor(splits: StridedSplit[]) {
    this.splits = splits.map((s) => ({ ...s }));
  }

  /** The split of subtask `subtaskIndex` of `parallelism` on a fresh start. */
  static initial(subtaskIndex: number, parallelism: number): StridedSplits {
    return new StridedSplits([{ offset: subtaskIndex, stride: parallelism, next: subtaskIndex }]);
  }

  /**
   * The splits a reader takes over from restored states (each a `snapshot()` of an old
   * reader); none after a scale-up that left this reader without an old subtask.
   */
  static restore(states: readonly unknown[], source: string): StridedSplits {
    const splits: StridedSplit[] = [];
    for (const state of states) {
      if (!Array.isArray(state) || !state.every(isSplit)) {
        throw new WeirError('ERR_STATE_UNKNOWN', `source '${source}' cannot restore its position from ${JSON.stringify(state)}`, { domain: 'user' });
      }
      splits.push(...(state as StridedSplit[]));
    }
    return new StridedSplits(splits);
  }

  /** The positions, as plain data that later reads do not change. */
  snapshot(): StridedSplit[] {
    return this.splits.map((s) => ({ ...s }));
  }

  /** The splits, for readers that keep per-split iterators. */
  get current(): readonly StridedSplit[] {
    return this.splits;
  }

  /**
   * Hands out up to `max` indexes below `end` in increasing order across all splits (the
   * split with the smallest next index goes first), and advances the positions. Keeping the
   * global index order keeps event time in order when it grows with the index, so a reader
   * that took over several old splits does not make its own records late. Returns false
   * once every split has reached `end`.
   */
  read(max: number, end: number, emit: (index: number, split: number) => void): boolean {
    const splits = this.splits;
    if (splits.length === 1) {
      const s = splits[0]!;
      for (let c = 0; c < max && s.next < end; c++) {
        emit(s.next, 0);
        s.next += s.stride;
      }
      return s.next < end;
    }
    for (let c = 0; c < max; c++) {
      let best = -1;
      for (let i = 0; i < splits.length; i++) {
        const s = splits[i]!;
        if (s.next < end && (best < 0 || s.next < splits[best]!.next)) best = i;
      }
      if (best < 0) return false;
      const s = splits[best]!;
      emit(s.next, best);
      s.next += s.stride;
    }
    return splits.some((s) => s.next < end);
  }
}
