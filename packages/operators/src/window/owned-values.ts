/**
 * Which keyed-state values an operator may still change in place.
 *
 * State backends may keep values by reference, and a snapshot (or the snapshot a subtask
 * was restored from) may share them: the heap backend copies a MapState's map, not the
 * lists or accumulators stored in it. An operator that grows such a value in place (a
 * window's element list, an accumulator, a join buffer) may therefore do so only while no
 * snapshot can see it, that is, when it created the value after the last checkpoint.
 * Anything else is copied once before its first change: a window of n elements costs O(n)
 * per checkpoint instead of O(n) per record.
 *
 * The operator calls {@link OwnedValues.checkpoint} from `snapshotState`, which the runtime
 * calls synchronously at every checkpoint, before any later record is processed.
 */
export class OwnedValues {
  private owned = new WeakSet<object>();

  /** Marks a value as created since the last checkpoint (primitives need no marking). */
  own<T>(value: T): T {
    if (typeof value === 'object' && value !== null) this.owned.add(value);
    return value;
  }

  /** `list` itself when the operator owns it, else an owned copy to change instead. */
  writableList<T>(list: T[]): T[] {
    if (this.owned.has(list)) return list;
    const copy = list.slice();
    this.owned.add(copy);
    return copy;
  }

  /**
   * `value` itself when it is a primitive or owned, else an owned deep copy (structured
   * clone: state values are plain data by contract).
   */
  writable<T>(value: T): T {
    if (typeof value !== 'object' || value === null || this.owned.has(value)) return value;
    const copy = structuredClone(value);
    this.owned.add(copy);
    return copy;
  }

  /** A checkpoint is being taken: from now on it may share every value there is. */
  checkpoint(): void {
    this.owned = new WeakSet();
  }
}
