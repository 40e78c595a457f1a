import type { OutputTag } from './output-tag.js';

/**
 * Where an operator sends what it produces. Calls are synchronous: a chained downstream
 * operator runs inside `collect` before it returns.
 */
export interface Output<T> {
  /** Emits a record with its event timestamp (`NaN` for none). */
  collect(value: T, timestamp: number): void;
  /** Emits a record to a side output. */
  collectSide<S>(tag: OutputTag<S>, value: S, timestamp: number): void;
  /** Forwards a watermark downstream (only operators that override processWatermark call it). */
  emitWatermark(watermark: number): void;
}

/** What user functions emit into: the timestamp is taken from the context they run in. */
export interface Collector<T> {
  collect(value: T): void;
}
