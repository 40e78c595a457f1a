import { WeirError } from '../errors/weir-error.js';
import type { FilterFn, FlatMapFn, KeySelector, MapFn } from '../functions/simple-fns.js';
import type { BroadcastProcessFn, CoProcessFn, ProcessFn } from '../functions/process-fn.js';
import { coProcessOperator } from '../operators/co-process-operator.js';
import { broadcastProcessOperator } from '../operators/broadcast-process-operator.js';
import { filterOperator } from '../operators/filter-operator.js';
import { flatMapOperator } from '../operators/flat-map-operator.js';
import { mapOperator } from '../operators/map-operator.js';
import { processOperator } from '../operators/process-operator.js';
import { sinkOperator } from '../operators/sink-operator.js';
import type { Sink } from '../sink/sink.js';
import type { MapStateDescriptor } from '../state/state-descriptor.js';
import type { Key } from './key.js';
import type { LogicalEdge, LogicalGraph, LogicalNode, PartitionKind } from './logical-graph.js';
import type { OneInputOperatorFactory, TwoInputOperatorFactory } from './operator-factory.js';
import type { OutputTag } from './output-tag.js';
import type { Port } from './port.js';
import { KeyedStream } from './keyed-stream.js';

/** Builds the input edges of a new node from the ports of a stream. */
export function edgesFrom(
  ports: readonly Port[],
  partition: PartitionKind,
  keySelector: ((value: unknown) => Key) | undefined,
  input: 0 | 1,
): LogicalEdge[] {
  return ports.map((p) => ({ from: p.node.id, sideOutput: p.sideOutput, partition, keySelector, input }));
}

/** Adds a one-input node reading `ports` and returns the stream of its output. */
export function addOneInput<O>(
  graph: LogicalGraph,
  stepId: string,
  factory: OneInputOperatorFactory<never, O>,
  edges: LogicalEdge[],
  isSink = false,
): DataStream<O> {
  const node = graph.addNode(stepId, factory.name, { kind: 'one-input', factory: factory as OneInputOperatorFactory<unknown, unknown>, isSink }, edges);
  return new DataStream<O>(graph, [{ node, sideOutput: undefined }]);
}

/** Adds a two-input node and returns the stream of its output. */
export function addTwoInput<O>(graph: LogicalGraph, stepId: string, factory: TwoInputOperatorFactory<never, never, O>, edges: LogicalEdge[]): DataStream<O> {
  const node = graph.addNode(stepId, factory.name, { kind: 'two-input', factory: factory as TwoInputOperatorFactory<unknown, unknown, unknown> }, edges);
  return new DataStream<O>(graph, [{ node, sideOutput: undefined }]);
}

/**
 * A stream of records of type T. Every transformation takes a stable step id first; it
 * names the step's state in checkpoints, and its metrics, logs and errors.
 */
export class DataStream<T> {
  /** Built by StreamEnvironment and by transformations; not by job authors. */
  constructor(
    protected readonly graph: LogicalGraph,
    /** The upstream outputs this stream reads (several after a union). */
    readonly ports: readonly Port[],
    /** How records reach the next step. */
    protected readonly partition: PartitionKind = 'default',
  ) {}

  /** Applies `fn` to every record. */
  map<O>(stepId: string, fn: MapFn<T, O>): DataStream<O> {
    return this.transform(stepId, mapOperator(fn));
  }
  /** Keeps the records for which `fn` returns true. */
  filter(stepId: string, fn: FilterFn<T>): DataStream<T> {
    return this.transform(stepId, filterOperator(fn));
  }
  /** Emits any number of records per record. */
  flatMap<O>(stepId: string, fn: FlatMapFn<T, O>): DataStream<O> {
    return this.transform(stepId, flatMapOperator(fn));
  }
  /** Runs a low-level {@link ProcessFn} (side outputs, watermark and time access). */
  process<O>(stepId: string, fn: ProcessFn<T, O>): DataStream<O> {
    return this.transform(stepId, processOperator(fn));
  }
  /** Runs a custom operator made with `defineOperator`. */
  transform<O>(stepId: string, factory: OneInputOperatorFactory<T, O>): DataStream<O> {
    return addOneInput<O>(this.graph, stepId, factory as OneInputOperatorFactory<never, O>, edgesFrom(this.ports, this.partition, undefined, 0));
  }
  /** Merges streams of the same type; the result's watermark is the minimum of theirs. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const o of others) {
      if (o.graph !== this.graph) throw new WeirError('ERR_GRAPH_INVALID', 'cannot union streams of different environments', { domain: 'user' });
    }
    return new DataStream<T>(this.graph, [...this.ports, ...others.flatMap((o) => o.ports)], this.partition);
  }
  /** Partitions by key: records with the same key go to the same subtask, with keyed state. */
  keyBy<K extends Key>(keySelector: KeySelector<T, K>): KeyedStream<K, T> {
    return new KeyedStream<K, T>(this.graph, this.ports, keySelector);
  }
  /** Round-robins records over the next step's subtasks. */
  rebalance(): DataStream<T> {
    return new DataStream<T>(this.graph, this.ports, 'rebalance');
  }
  /** Keeps subtask i → subtask i (requires equal parallelism). */
  forward(): DataStream<T> {
    return new DataStream<T>(this.graph, this.ports, 'forward');
  }
  /** Sends every record to every subtask of the next step. */
  broadcast(): DataStream<T>;
  /** Makes a broadcast stream for broadcast state declared by `descriptors`. */
  broadcast(...descriptors: MapStateDescriptor<string | number, unknown>[]): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<string | number, unknown>[]): DataStream<T> | BroadcastStream<T> {
    if (descriptors.length === 0) return new DataStream<T>(this.graph, this.ports, 'broadcast');
    return new BroadcastStream<T>(this.graph, this.ports, descriptors);
  }
  /** Connects with another stream for a two-input {@link CoProcessFn}. */
  connect<U>(other: DataStream<U>): ConnectedStreams<T, U>;
  /** Connects with a broadcast stream for a {@link BroadcastProcessFn}. */
  connect<B>(other: BroadcastStream<B>): BroadcastConnectedStream<T, B>;
  connect<U>(other: DataStream<U> | BroadcastStream<U>): ConnectedStreams<T, U> | BroadcastConnectedStream<T, U> {
    if (other instanceof BroadcastStream) return new BroadcastConnectedStream<T, U>(this.graph, this, other);
    return new ConnectedStreams<T, U>(this.graph, this, other);
  }
  /** The records a step emitted to a side output. */
  getSideOutput<S>(tag: OutputTag<S>): DataStream<S> {
    const ports = this.ports.map((p) => {
      if (p.sideOutput !== undefined) {
        throw new WeirError('ERR_GRAPH_INVALID', `side output '${tag.id}' requested from a side output of '${p.node.stepId}'`, { domain: 'user' });
      }
      return { node: p.node, sideOutput: tag.id };
    });
    return new DataStream<S>(this.graph, ports);
  }
  /** Writes the stream to a sink. */
  sinkTo(stepId: string, sink: Sink<T>): DataStreamSink {
    const out = addOneInput<never>(this.graph, stepId, sinkOperator(sink) as OneInputOperatorFactory<never, never>, edgesFrom(this.ports, this.partition, undefined, 0), true);
    return new DataStreamSink(out.ports[0]!.node);
  }
  /** Sets the number of parallel instances of the step that produced this stream. */
  setParallelism(parallelism: number): this {
    this.soleNode('setParallelism').parallelism = parallelism;
    return this;
  }
  /** The one node this stream comes from (not after a union or from a side output). */
  protected soleNode(what: string): LogicalNode {
    const [port, ...rest] = this.ports;
    if (port === undefined || rest.length > 0 || port.sideOutput !== undefined) {
      throw new WeirError('ERR_GRAPH_INVALID', `${what}() applies to the output of one step, not to a union or a side output`, { domain: 'user' });
    }
    return port.node;
  }
}

/** The end of a stream; its parallelism can be set. */
export class DataStreamSink {
  constructor(readonly node: LogicalNode) {}
  setParallelism(parallelism: number): this {
    this.node.parallelism = parallelism;
    return this;
  }
}

/** Two streams of possibly different types, for a two-input function. */
export class ConnectedStreams<A, B> {
  constructor(
    private readonly graph: LogicalGraph,
    readonly first: DataStream<A>,
    readonly second: DataStream<B>,
  ) {}
  /** Runs a {@link CoProcessFn}. */
  process<O>(stepId: string, fn: CoProcessFn<A, B, O>): DataStream<O> {
    return this.transform(stepId, coProcessOperator(fn));
  }
  /** Runs a custom two-input operator. */
  transform<O>(stepId: string, factory: TwoInputOperatorFactory<A, B, O>): DataStream<O> {
    const edges = [...edgesFrom(this.first.ports, 'default', undefined, 0), ...edgesFrom(this.second.ports, 'default', undefined, 1)];
    return addTwoInput<O>(this.graph, stepId, factory as TwoInputOperatorFactory<never, never, O>, edges);
  }
}

/** A stream whose records reach every subtask of the next step and update broadcast state. */
export class BroadcastStream<T> {
  /** Never set: carries T for the type checker only. */
  declare readonly __type?: T;
  constructor(
    readonly graph: LogicalGraph,
    readonly ports: readonly Port[],
    readonly descriptors: readonly MapStateDescriptor<string | number, unknown>[],
  ) {}
}

/** A stream connected with a broadcast stream. */
export class BroadcastConnectedStream<T, B> {
  constructor(
    private readonly graph: LogicalGraph,
    readonly stream: DataStream<T>,
    readonly broadcastStream: BroadcastStream<B>,
  ) {}
  /** Runs a {@link BroadcastProcessFn}. */
  process<O>(stepId: string, fn: BroadcastProcessFn<T, B, O>): DataStream<O> {
    const edges = [...edgesFrom(this.stream.ports, 'default', undefined, 0), ...edgesFrom(this.broadcastStream.ports, 'broadcast', undefined, 1)];
    return addTwoInput<O>(this.graph, stepId, broadcastProcessOperator(fn) as TwoInputOperatorFactory<never, never, O>, edges);
  }
}
