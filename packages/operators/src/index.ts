/**
 * @weir/operators — the contracts of Weir and the API a job author sees: the stream
 * environment and streams, user functions, the operator SPI, state, time and windows,
 * sources and sinks, and typed errors. No I/O lives here.
 */
export { StreamEnvironment, type StreamEnvironmentOptions } from './api/stream-environment.js';
export {
  DataStream,
  DataStreamSink,
  ConnectedStreams,
  BroadcastStream,
  BroadcastConnectedStream,
} from './api/data-stream.js';
export { KeyedStream, ConnectedKeyedStreams, KeyedBroadcastConnectedStream } from './api/keyed-stream.js';
export { WindowedStream } from './api/windowed-stream.js';
export { IntervalJoinBuilder } from './api/interval-join-builder.js';
export { LogicalGraph, type LogicalNode, type LogicalEdge, type NodeOperator, type PartitionKind } from './api/logical-graph.js';
export { validateGraph } from './api/validate-graph.js';
export type { Port } from './api/port.js';
export { defineJob, type JobBuilder, type JobArgs } from './api/job-module.js';

export type { StreamRecord } from './api/stream-record.js';
export type { Output, Collector } from './api/output.js';
export { OutputTag } from './api/output-tag.js';
export { type Key, DEFAULT_MAX_PARALLELISM, hashKey, keyGroupOf, subtaskOfKeyGroup, keyGroupRange } from './api/key.js';
export type { Operator, TwoInputOperator, OperatorLifecycle } from './api/operator.js';
export type { OperatorContext, TaskInfo, KeyedStateStore } from './api/operator-context.js';
export type { OneInputOperatorFactory, TwoInputOperatorFactory } from './api/operator-factory.js';
export { defineOperator, defineTwoInputOperator, type OperatorSpec } from './api/define-operator.js';

export type { MapFn, FilterFn, FlatMapFn, KeySelector } from './functions/simple-fns.js';
export type { AggregateFn, ReduceFn } from './functions/aggregate-fn.js';
export type {
  ProcessFn,
  KeyedProcessFn,
  CoProcessFn,
  KeyedCoProcessFn,
  BroadcastProcessFn,
  KeyedBroadcastProcessFn,
  ProcessContext,
  KeyedProcessContext,
  OnTimerContext,
  ReadOnlyBroadcastContext,
  BroadcastContext,
  KeyedReadOnlyBroadcastContext,
  RichFn,
} from './functions/process-fn.js';

export { mapOperator } from './operators/map-operator.js';
export { filterOperator } from './operators/filter-operator.js';
export { flatMapOperator } from './operators/flat-map-operator.js';
export { processOperator } from './operators/process-operator.js';
export { keyedProcessOperator } from './operators/keyed-process-operator.js';
export { rollingReduceOperator } from './operators/rolling-reduce-operator.js';
export { rollingAggregateOperator } from './operators/rolling-aggregate-operator.js';
export { coProcessOperator, keyedCoProcessOperator } from './operators/co-process-operator.js';
export { broadcastProcessOperator, keyedBroadcastProcessOperator } from './operators/broadcast-process-operator.js';
export { sinkOperator } from './operators/sink-operator.js';

export {
  valueState,
  listState,
  mapState,
  reducingState,
  aggregatingState,
  type StateDescriptor,
  type ValueStateDescriptor,
  type ListStateDescriptor,
  type MapStateDescriptor,
  type ReducingStateDescriptor,
  type AggregatingStateDescriptor,
} from './state/state-descriptor.js';
export type { StateTtl } from './state/state-ttl.js';
export type { ValueState, ListState, MapState, ReducingState, AggregatingState } from './state/keyed-state.js';

export { type Clock, systemClock, ManualClock, MIN_WATERMARK, MAX_WATERMARK, NO_TIMESTAMP } from './time/time.js';
export type { Timer, TimerService, TimeDomain } from './time/timer.js';

export type { TimeWindow } from './window/time-window.js';
export { windowMaxTimestamp } from './window/time-window.js';
export {
  type WindowAssigner,
  tumblingEventTimeWindows,
  tumblingProcessingTimeWindows,
  slidingEventTimeWindows,
  slidingProcessingTimeWindows,
  eventTimeSessionWindows,
  processingTimeSessionWindows,
  assignWindows,
} from './window/window-assigner.js';
export type { ProcessWindowFn, WindowContext } from './window/window-fns.js';
export type { ProcessJoinFn, IntervalJoinContext } from './window/interval-join.js';

export type { Source, SourceReader, SourceOutput, PollStatus } from './source/source.js';
export { WatermarkStrategy, type TimestampAssigner, type WatermarkGenerator } from './source/watermark-strategy.js';
export { collectionSource } from './source/collection-source.js';
export { indexedSource, type IndexedSourceOptions } from './source/indexed-source.js';
export { StridedSplits, type StridedSplit } from './source/strided-splits.js';
export type { Sink, SinkWriter } from './sink/sink.js';
export { resultSink } from './sink/result-sink.js';

export { WeirError, type ErrorDomain, type WeirErrorOptions, type SerializedError, serializeError, deserializeError, userFunctionError } from './errors/weir-error.js';
export { errorCodes, type ErrorCode } from './errors/error-codes.js';
