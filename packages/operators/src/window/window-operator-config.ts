import type { OutputTag } from '../api/output-tag.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { WindowAssigner } from './window-assigner.js';
import type { ProcessWindowFn } from './window-fns.js';

/** Everything a window operator needs; built by `WindowedStream`. */
export interface WindowOperatorConfig<IN, ACC, OUT, K> {
  readonly assigner: WindowAssigner;
  /** How long after a window's end (in event time) late records still update it. Default 0. */
  readonly allowedLateness: number;
  /** Where records too late for every window they belong to go; dropped when absent. */
  readonly lateDataTag: OutputTag<IN> | undefined;
  /**
   * How the window's content is kept:
   * - 'reduce': one value folded with `reduce`; the window function sees [value].
   * - 'aggregate': one accumulator; the window function sees [getResult(acc)].
   * - 'process': every element is kept; the window function sees them all.
   */
  readonly content:
    | { readonly kind: 'reduce'; readonly reduce: ReduceFn<IN> }
    | { readonly kind: 'aggregate'; readonly aggregate: AggregateFn<IN, ACC, unknown> }
    | { readonly kind: 'process' };
  /**
   * Turns the window's content into output. When absent the pre-aggregated value itself
   * (reduce result or aggregate result) is emitted.
   */
  readonly windowFn: ProcessWindowFn<unknown, OUT, K> | undefined;
}
