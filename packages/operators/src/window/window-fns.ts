import type { Collector } from '../api/output.js';
import type { OutputTag } from '../api/output-tag.js';
import type { RichFn } from '../functions/process-fn.js';
import type { TimeWindow } from './time-window.js';

/** What a window function sees besides the window's elements. */
export interface WindowContext {
  /** The window being emitted (a fresh object per firing: safe to keep). */
  readonly window: TimeWindow;
  currentWatermark(): number;
  currentProcessingTime(): number;
  /** Emits to a side output, stamped with the window's max timestamp (end − 1). */
  output<S>(tag: OutputTag<S>, value: S): void;
}

/**
 * Computes a window's result from all its elements (or, after a reduce/aggregate, from the
 * single pre-aggregated value). Output records are stamped with the window's max timestamp.
 *
 * `process` is called each time the window fires: once when the watermark (or, in
 * processing time, the clock) passes the window's end, and again for every late record that
 * arrives within the allowed lateness. `elements` is valid only during the call: it may be
 * the operator's own state, so copy what you keep and never mutate it. `open` runs once per
 * parallel instance before the first record (declare keyed state there), `close` once at the
 * end.
 */
export interface ProcessWindowFn<IN, OUT, K> extends RichFn {
  process(key: K, ctx: WindowContext, elements: readonly IN[], out: Collector<OUT>): void;
}
