import type { AggregateFn, ReduceFn } from '../functions/aggregate-fn.js';
import type { KeyedBroadcastProcessFn, KeyedCoProcessFn, KeyedProcessFn } from '../functions/process-fn.js';
import type { KeySelector } from '../functions/simple-fns.js';
import { keyedBroadcastProcessOperator } from '../operators/broadcast-process-operator.js';
import { keyedCoProcessOperator } from '../operators/co-process-operator.js';
import { keyedProcessOperator } from '../operators/keyed-process-operator.js';
import { rollingAggregateOperator } from '../operators/rolling-aggregate-operator.js';
import { rollingReduceOperator } from '../operators/rolling-reduce-operator.js';
import type { WindowAssigner } from '../window/window-assigner.js';
import type { Key } from './key.js';
import type { LogicalGraph } from './logical-graph.js';
import type { OneInputOperatorFactory, TwoInputOperatorFactory } from './operator-factory.js';
import type { Port } from './port.js';
import { addOneInput, addTwoInput, BroadcastStream, edgesFrom, type DataStream } from './data-stream.js';
import { IntervalJoinBuilder } from './interval-join-builder.js';
import { WindowedStream } from './windowed-stream.js';

/**
 * A stream partitioned by key: records with the same key reach the same subtask, and the
 * steps applied to it may keep keyed state and timers.
 */
export class KeyedStream<K extends Key, T> {
  constructor(
    readonly graph: LogicalGraph,
    readonly ports: readonly Port[],
    readonly keySelector: KeySelector<T, K>,
  ) {}

  /** Runs a {@link KeyedProcessFn}: keyed state, timers, side outputs. */
  process<O>(stepId: string, fn: KeyedProcessFn<K, T, O>): DataStream<O> {
    return this.transform(stepId, keyedProcessOperator(fn));
  }
  /** Emits the running reduction of each key after every record. */
  reduce(stepId: string, fn: ReduceFn<T>): DataStream<T> {
    return this.transform(stepId, rollingReduceOperator(fn));
  }
  /** Emits the running aggregate of each key after every record. */
  aggregate<ACC, O>(stepId: string, fn: AggregateFn<T, ACC, O>): DataStream<O> {
    return this.transform(stepId, rollingAggregateOperator(fn));
  }
  /** Groups each key's records into windows. */
  window(assigner: WindowAssigner): WindowedStream<K, T> {
    return new WindowedStream<K, T>(this, assigner);
  }
  /** Joins with another keyed stream on records whose timestamps lie within bounds. */
  intervalJoin<U>(other: KeyedStream<K, U>): IntervalJoinBuilder<K, T, U> {
    return new IntervalJoinBuilder<K, T, U>(this, other);
  }
  /** Connects with another keyed stream for a {@link KeyedCoProcessFn}. */
  connect<U>(other: KeyedStream<K, U>): ConnectedKeyedStreams<K, T, U>;
  /** Connects with a broadcast stream for a {@link KeyedBroadcastProcessFn}. */
  connect<B>(other: BroadcastStream<B>): KeyedBroadcastConnectedStream<K, T, B>;
  connect<U>(other: KeyedStream<K, U> | BroadcastStream<U>): ConnectedKeyedStreams<K, T, U> | KeyedBroadcastConnectedStream<K, T, U> {
    if (other instanceof BroadcastStream) return new KeyedBroadcastConnectedStream<K, T, U>(this, other);
    return new ConnectedKeyedStreams<K, T, U>(this, other);
  }
  /** Runs a custom operator (typically one with keyed state) on the keyed stream. */
  transform<O>(stepId: string, factory: OneInputOperatorFactory<T, O>): DataStream<O> {
    return addOneInput<O>(this.graph, stepId, factory as OneInputOperatorFactory<never, O>, edgesFrom(this.ports, 'hash', this.keySelector as (v: unknown) => Key, 0));
  }
  /** Adds a two-input node fed by this keyed stream (input 0) and `other` (input 1). */
  transformWith<U, O>(stepId: string, other: KeyedStream<K, U> | BroadcastStream<U>, factory: TwoInputOperatorFactory<T, U, O>): DataStream<O> {
    const second =
      other instanceof BroadcastStream
        ? edgesFrom(other.ports, 'broadcast', undefined, 1)
        : edgesFrom(other.ports, 'hash', other.keySelector as (v: unknown) => Key, 1);
    const edges = [...edgesFrom(this.ports, 'hash', this.keySelector as (v: unknown) => Key, 0), ...second];
    return addTwoInput<O>(this.graph, stepId, factory as TwoInputOperatorFactory<never, never, O>, edges);
  }
}

/** Two keyed streams with the same key type. */
export class ConnectedKeyedStreams<K extends Key, A, B> {
  constructor(
    readonly first: KeyedStream<K, A>,
    readonly second: KeyedStream<K, B>,
  ) {}
  /** Runs a {@link KeyedCoProcessFn}. */
  process<O>(stepId: string, fn: KeyedCoProcessFn<K, A, B, O>): DataStream<O> {
    return this.first.transformWith(stepId, this.second, keyedCoProcessOperator(fn));
  }
}

/** A keyed stream connected with a broadcast stream. */
export class KeyedBroadcastConnectedStream<K extends Key, T, B> {
  constructor(
    readonly stream: KeyedStream<K, T>,
    readonly broadcastStream: BroadcastStream<B>,
  ) {}
  /** Runs a {@link KeyedBroadcastProcessFn}. */
  process<O>(stepId: string, fn: KeyedBroadcastProcessFn<K, T, B, O>): DataStream<O> {
    return this.stream.transformWith(stepId, this.broadcastStream, keyedBroadcastProcessOperator(fn));
  }
}
