/*
 * Keyed state handles. Every handle reads and writes the entry of the current key: the key
 * of the record being processed, or of the timer firing. Values must be plain data
 * (structured-clone and msgpack friendly): they are snapshotted and cross threads.
 */

/** One value per key. */
export interface ValueState<T> {
  value(): T | undefined;
  update(value: T): void;
  clear(): void;
}

/** A list per key. */
export interface ListState<T> {
  /** The current list (empty when there is none). Do not mutate it; use add/update. */
  get(): readonly T[];
  add(value: T): void;
  addAll(values: readonly T[]): void;
  update(values: readonly T[]): void;
  clear(): void;
}

/** A map per key. */
export interface MapState<K extends string | number, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  contains(key: K): boolean;
  remove(key: K): void;
  keys(): IterableIterator<K>;
  values(): IterableIterator<V>;
  entries(): IterableIterator<[K, V]>;
  size(): number;
  isEmpty(): boolean;
  clear(): void;
}

/** A value per key folded by a reduce function. */
export interface ReducingState<T> {
  get(): T | undefined;
  add(value: T): void;
  clear(): void;
}

/** An accumulator per key fed by an aggregate function. */
export interface AggregatingState<IN, OUT> {
  get(): OUT | undefined;
  add(value: IN): void;
  clear(): void;
}
