import { WeirError } from '../errors/weir-error.js';
import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { WindowAssigner } from '../window/window-assigner.js';
import type { ProcessWindowFn } from '../window/window-fns.js';
import type { WindowOperatorConfig } from '../window/window-operator-config.js';
import { windowOperator } from '../window/window-operator.js';
import type { DataStream } from './data-stream.js';
import type { Key } from './key.js';
import type { KeyedStream } from './keyed-stream.js';
import type { OutputTag } from './output-tag.js';

/** A keyed stream grouped into windows; finish it with reduce, aggregate or process. */
export class WindowedStream<K extends Key, T> {
  private lateness = 0;
  private lateTag: OutputTag<T> | undefined;

  constructor(
    private readonly keyed: KeyedStream<K, T>,
    private readonly assigner: WindowAssigner,
  ) {}

  /** Keeps windows open for late records this many ms (event time) after their end. */
  allowedLateness(ms: number): this {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new WeirError('ERR_GRAPH_INVALID', `allowed lateness must be >= 0 ms, got ${ms}`, { domain: 'user' });
    }
    if (ms > 0 && this.assigner.domain === 'processing-time') {
      throw new WeirError('ERR_GRAPH_INVALID', 'allowed lateness applies to event-time windows only', { domain: 'user' });
    }
    this.lateness = ms;
    return this;
  }
  /** Sends records too late for all their windows to this side output instead of dropping them. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.lateTag = tag;
    return this;
  }
  /** Folds each window with `fn`; optionally turns the result into output with `windowFn`. */
  reduce(stepId: string, fn: ReduceFn<T>): DataStream<T>;
  reduce<O>(stepId: string, fn: ReduceFn<T>, windowFn: ProcessWindowFn<T, O, K>): DataStream<O>;
  reduce<O>(stepId: string, fn: ReduceFn<T>, windowFn?: ProcessWindowFn<T, O, K>): DataStream<O> {
    return this.build<never, O>(stepId, { kind: 'reduce', reduce: fn }, windowFn as ProcessWindowFn<unknown, O, K> | undefined);
  }
  /** Aggregates each window incrementally; optionally post-processes with `windowFn`. */
  aggregate<ACC, R>(stepId: string, fn: AggregateFn<T, ACC, R>): DataStream<R>;
  aggregate<ACC, R, O>(stepId: string, fn: AggregateFn<T, ACC, R>, windowFn: ProcessWindowFn<R, O, K>): DataStream<O>;
  aggregate<ACC, R, O>(stepId: string, fn: AggregateFn<T, ACC, R>, windowFn?: ProcessWindowFn<R, O, K>): DataStream<O | R> {
    return this.build<ACC, O | R>(stepId, { kind: 'aggregate', aggregate: fn }, windowFn as ProcessWindowFn<unknown, O | R, K> | undefined);
  }
  /** Keeps every element of a window and hands them all to `fn` when it fires. */
  process<O>(stepId: string, fn: ProcessWindowFn<T, O, K>): DataStream<O> {
    return this.build<never, O>(stepId, { kind: 'process' }, fn as ProcessWindowFn<unknown, O, K>);
  }

  private build<ACC, O>(
    stepId: string,
    content: WindowOperatorConfig<T, ACC, O, K>['content'],
    windowFn: ProcessWindowFn<unknown, O, K> | undefined,
  ): DataStream<O> {
    const config: WindowOperatorConfig<T, ACC, O, K> = {
      assigner: this.assigner,
      allowedLateness: this.lateness,
      lateDataTag: this.lateTag,
      content,
      windowFn,
    };
    return this.keyed.transform(stepId, windowOperator(config));
  }
}
