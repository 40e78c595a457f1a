import type { Key } from '../api/key.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from '../state/keyed-state.js';
import type { StateTable } from './state-table.js';

/** Gives a handle the key whose entry it reads and writes. */
export interface CurrentKeyScope {
  /** The current key; throws ERR_STATE_NOT_KEYED when none is set. */
  currentKey(): Key;
}

const EMPTY_LIST: readonly never[] = Object.freeze([]);
const EMPTY_MAP: ReadonlyMap<never, never> = new Map<never, never>();

/*
 * The handles below are created once per declaration and hold no per-key data: every call
 * reads the current key from the scope and does one lookup in the table, so the hot path
 * allocates nothing (except when a key's list or map is first created).
 */

/** {@link ValueState} over a {@link StateTable}. Updating with `undefined` clears the entry. */
export class HeapValueState<T> implements ValueState<T> {
  constructor(
    private readonly scope: CurrentKeyScope,
    private readonly table: StateTable,
  ) {}
  value(): T | undefined {
    return this.table.get(this.scope.currentKey()) as T | undefined;
  }
  update(value: T): void {
    const key = this.scope.currentKey();
    if (value === undefined) this.table.delete(key);
    else this.table.set(key, value);
  }
  clear(): void {
    this.table.delete(this.scope.currentKey());
  }
}

/** {@link ListState} over a {@link StateTable}; an empty list is no entry. */
export class HeapListState<T> implements ListState<T> {
  constructor(
    private readonly scope: CurrentKeyScope,
    private readonly table: StateTable,
  ) {}
  get(): readonly T[] {
    return (this.table.get(this.scope.currentKey()) as T[] | undefined) ?? EMPTY_LIST;
  }
  add(value: T): void {
    const key = this.scope.currentKey();
    const list = this.table.get(key) as T[] | undefined;
    if (list === undefined) {
      this.table.set(key, [value]);
    } else {
      list.push(value);
      this.table.touch(key);
    }
  }
  addAll(values: readonly T[]): void {
    if (values.length === 0) return;
    const key = this.scope.currentKey();
    const list = this.table.get(key) as T[] | undefined;
    if (list === undefined) {
      this.table.set(key, values.slice());
    } else {
      for (const v of values) list.push(v);
      this.table.touch(key);
    }
  }
  update(values: readonly T[]): void {
    const key = this.scope.currentKey();
    // Copied: the caller may keep changing its array.
    if (values.length === 0) this.table.delete(key);
    else this.table.set(key, values.slice());
  }
  clear(): void {
    this.table.delete(this.scope.currentKey());
  }
}

/** {@link MapState} over a {@link StateTable}: a JS Map per key; an empty map is no entry. */
export class HeapMapState<K extends string | number, V> implements MapState<K, V> {
  constructor(
    private readonly scope: CurrentKeyScope,
    private readonly table: StateTable,
  ) {}
  private map(): Map<K, V> | undefined {
    return this.table.get(this.scope.currentKey()) as Map<K, V> | undefined;
  }
  get(key: K): V | undefined {
    return this.map()?.get(key);
  }
  put(key: K, value: V): void {
    const k = this.scope.currentKey();
    const map = this.table.get(k) as Map<K, V> | undefined;
    if (map === undefined) {
      this.table.set(k, new Map([[key, value]]));
    } else {
      map.set(key, value);
      this.table.touch(k);
    }
  }
  contains(key: K): boolean {
    return this.map()?.has(key) ?? false;
  }
  remove(key: K): void {
    const k = this.scope.currentKey();
    const map = this.table.get(k) as Map<K, V> | undefined;
    if (map === undefined || !map.delete(key)) return;
    if (map.size === 0) this.table.delete(k);
    else this.table.touch(k);
  }
  keys(): IterableIterator<K> {
    return (this.map() ?? (EMPTY_MAP as ReadonlyMap<K, V>)).keys() as IterableIterator<K>;
  }
  values(): IterableIterator<V> {
    return (this.map() ?? (EMPTY_MAP as ReadonlyMap<K, V>)).values() as IterableIterator<V>;
  }
  entries(): IterableIterator<[K, V]> {
    return (this.map() ?? (EMPTY_MAP as ReadonlyMap<K, V>)).entries() as IterableIterator<[K, V]>;
  }
  size(): number {
    return this.map()?.size ?? 0;
  }
  isEmpty(): boolean {
    return this.size() === 0;
  }
  clear(): void {
    this.table.delete(this.scope.currentKey());
  }
}

/** {@link ReducingState} over a {@link StateTable}. */
export class HeapReducingState<T> implements ReducingState<T> {
  constructor(
    private readonly scope: CurrentKeyScope,
    private readonly table: StateTable,
    private readonly reduce: ReduceFn<T>,
  ) {}
  get(): T | undefined {
    return this.table.get(this.scope.currentKey()) as T | undefined;
  }
  add(value: T): void {
    const key = this.scope.currentKey();
    const current = this.table.get(key) as T | undefined;
    const next = current === undefined ? value : this.reduce(current, value);
    if (next === undefined) this.table.delete(key);
    else this.table.set(key, next);
  }
  clear(): void {
    this.table.delete(this.scope.currentKey());
  }
}

/** {@link AggregatingState} over a {@link StateTable}: the table holds the accumulator. */
export class HeapAggregatingState<IN, ACC, OUT> implements AggregatingState<IN, OUT> {
  constructor(
    private readonly scope: CurrentKeyScope,
    private readonly table: StateTable,
    private readonly aggregate: AggregateFn<IN, ACC, OUT>,
  ) {}
  get(): OUT | undefined {
    const acc = this.table.get(this.scope.currentKey()) as ACC | undefined;
    return acc === undefined ? undefined : this.aggregate.getResult(acc);
  }
  add(value: IN): void {
    const key = this.scope.currentKey();
    const acc = (this.table.get(key) as ACC | undefined) ?? this.aggregate.createAccumulator();
    const next = this.aggregate.add(value, acc);
    if (next === undefined) this.table.delete(key);
    else this.table.set(key, next);
  }
  clear(): void {
    this.table.delete(this.scope.currentKey());
  }
}
