/**
 * An incremental aggregation: an accumulator is created, fed one value at a time, merged
 * with others (session windows merge) and turned into a result. Accumulators must be plain
 * data (they are snapshotted) and may be mutated in place by `add` and `merge`.
 */
export interface AggregateFn<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}

/** Combines two values of the same type into one (sum, max, …). */
export type ReduceFn<T> = (a: T, b: T) => T;
